/** A file received with a request, as the services see it (the HTTP layer streams it in: `http/upload.ts`). */
export interface UploadedFile {
  /** The client's file name, decoded as UTF-8 and cleaned (storage/file-name.ts). */
  originalName: string;
  /** The Content-Type the client declared for the part (a claim, not a fact). */
  declaredType: string;
  size: number;
  /** SHA-256 of the bytes, computed while they streamed in. */
  sha256: string;
  /** The temporary file holding the bytes until the response ends. */
  path: string;
  /** The bytes, for the few consumers that need them whole (encrypted KYC documents, sanctions lists). */
  read(): Promise<Buffer>;
  /** The type found in the content; 415 when it contradicts the declared type or is a broken PDF. */
  contentType(): Promise<string>;
}
