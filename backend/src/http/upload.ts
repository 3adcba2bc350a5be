/**
 * Multipart uploads, streamed: the one file of a request goes straight to a temporary file next to the blob
 * store while its SHA-256 is computed, so memory use does not grow with the file (whole-file buffering let 30
 * parallel 19 MB checks take the API from 290 to 487 MB). Names are decoded as UTF-8 and cleaned; the
 * temporary file is removed when the response ends (the blob store moves it into place when it keeps it).
 */
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { NextFunction, Request, Response } from "express";
import multer, { MulterError, type StorageEngine } from "multer";
import { checkDeclaredType, recogniseContent } from "../storage/content-type.ts";
import { cleanFileName } from "../storage/file-name.ts";
import type { UploadedFile } from "../core/uploaded-file.ts";

export type { UploadedFile } from "../core/uploaded-file.ts";

interface StreamedInfo {
  path: string;
  size: number;
  sha256: string;
}

/** A multer storage engine writing each file to `<dir>/<uuid>.part` while hashing it. */
class StreamingHashStorage implements StorageEngine {
  constructor(private readonly dir: string) {}

  _handleFile(
    _req: Request,
    file: Express.Multer.File,
    callback: (error?: unknown, info?: Partial<Express.Multer.File>) => void,
  ): void {
    const target = path.join(this.dir, `${randomUUID()}.part`);
    const hash = createHash("sha256");
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    mkdir(this.dir, { recursive: true })
      .then(() => pipeline(file.stream, meter, createWriteStream(target, { flags: "wx" })))
      .then(
        () =>
          callback(null, { path: target, size, sha256: hash.digest("hex") } as Partial<Express.Multer.File> &
            StreamedInfo),
        async (error: unknown) => {
          await rm(target, { force: true });
          callback(error);
        },
      );
  }

  _removeFile(_req: Request, file: Express.Multer.File, callback: (error: Error | null) => void): void {
    rm(file.path, { force: true }).then(
      () => callback(null),
      (error: Error) => callback(error),
    );
  }
}

const uploads = new WeakMap<Request, UploadedFile>();

/** The file of this request, if its route takes one and it was sent. */
export function uploadedFile(req: Request): UploadedFile | undefined {
  return uploads.get(req);
}

export interface UploadLimits {
  maxBytes: number;
  /** Where partial files are written (same file system as the blob store, so keeping one is a rename). */
  dir: string;
}

/** Express middleware for a route taking one file in `field` (and up to 30 text fields). */
export function streamUpload(
  field: string,
  limits: UploadLimits,
): (req: Request, res: Response, next: NextFunction) => void {
  // defParamCharset: multer's default decodes `filename="..."` as Latin-1 (UTF-8 names became mojibake).
  // @types/multer 2.0.0 does not declare it yet; multer 2.5 reads it (and passes it to busboy).
  const options: multer.Options & { defParamCharset: string } = {
    storage: new StreamingHashStorage(limits.dir),
    limits: { fileSize: limits.maxBytes, files: 1, fields: 30, fieldSize: 1_048_576, parts: 32, headerPairs: 50 },
    defParamCharset: "utf8",
  };
  const parser = multer(options).single(field);
  return (req, res, next) => {
    parser(req, res, (error?: unknown) => {
      const file = (req as Request & { file?: Express.Multer.File & Partial<StreamedInfo> }).file;
      if (file?.path) {
        const temporary = file.path;
        res.once("close", () => void rm(temporary, { force: true }));
      }
      if (error) {
        next(error);
        return;
      }
      if (file?.path && file.sha256 !== undefined) {
        const declaredType = file.mimetype ?? "";
        let recognised: Promise<string> | undefined;
        uploads.set(req, {
          originalName: cleanFileName(file.originalname ?? ""),
          declaredType,
          size: file.size,
          sha256: file.sha256,
          path: file.path,
          read: () => readFile(file.path),
          contentType: () => {
            recognised ??= recogniseContent(file.path, file.size).then((actual) => {
              checkDeclaredType(declaredType, actual);
              return actual;
            });
            return recognised;
          },
        });
      }
      next();
    });
  };
}

/**
 * Errors of busboy (the multipart parser under multer) for a body that is not valid multipart: the client's
 * fault, answered 400 by the error mapper. Anything else thrown while reading an upload is ours.
 */
const MALFORMED_MULTIPART =
  /^(Unexpected end of (form|file)|Malformed part header|Multipart: Boundary not found|Unsupported content type|Malformed content type|Missing Content-Type|Malformed urlencoded form|Request (aborted|closed))/;

export function isMalformedMultipart(error: unknown): error is Error {
  return error instanceof Error && !(error instanceof MulterError) && MALFORMED_MULTIPART.test(error.message);
}
