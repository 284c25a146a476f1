// What the CRM's browser code uses beyond its schemas: the import's CSV reader (the mapping step reads a file's
// header and first rows before anything is sent) and the column mapping shared with the server.
export { CsvParser, type CsvRecord } from "./csv";
export * from "./import-mapping";
