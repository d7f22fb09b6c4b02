// Node-only entry of @na64/format (file system, worker threads).
export {};
