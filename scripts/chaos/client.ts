/**
 * The fault run's API client: SIWE sign-in and cookie like the web app, and every answer recorded (status,
 * Retry-After, time) so the run can judge each 5xx against the faults in force when it came.
 */
import { randomUUID } from "node:crypto";
import { Wallet } from "ethers";
import { siweMessage } from "../local/seed/api.js";

export interface Answer {
  /** When the request was sent and when its answer (or the failure) came: a fault anywhere in between may explain it. */
  at: number;
  end: number;
  method: string;
  /** The route, ids replaced by ":id" (for the report). */
  route: string;
  /** HTTP status; 0 when no answer came (connection refused or reset). */
  status: number;
  retryAfter: string | null;
}

export class Recorder {
  readonly answers: Answer[] = [];
  record(answer: Answer): void {
    this.answers.push(answer);
  }
}

export class HttpError extends Error {
  override readonly name = "HttpError";
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(
      `${what}: ${status === 0 ? "no answer" : `HTTP ${status}`} ${status ? JSON.stringify(body).slice(0, 300) : ""}`,
    );
  }
}

const routeOf = (path: string): string =>
  path
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ":id")
    .replace(/0x[0-9a-fA-F]{40}/g, ":address");

export class ChaosClient {
  private cookie = "";
  userId = "";

  constructor(
    private readonly apiUrl: string,
    private readonly appOrigin: string,
    private readonly recorder: Recorder,
    readonly wallet: Wallet,
  ) {}

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ body: T; etag: string | undefined }> {
    const all: Record<string, string> = { ...headers, cookie: this.cookie, origin: this.appOrigin };
    const init: RequestInit = { method, headers: all, signal: AbortSignal.timeout(20_000) };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      all["content-type"] = "application/json";
    }
    const at = Date.now();
    let response: Response;
    try {
      response = await fetch(`${this.apiUrl}/api/v1${path}`, init);
    } catch (error) {
      this.recorder.record({ at, end: Date.now(), method, route: routeOf(path), status: 0, retryAfter: null });
      throw new HttpError(0, (error as Error).message, `${method} ${path}`);
    }
    const text = await response.text().catch(() => "");
    this.recorder.record({
      at,
      end: Date.now(),
      method,
      route: routeOf(path),
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
    });
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("fh_session="));
    if (setCookie) this.cookie = setCookie.split(";")[0]!;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text for the error
    }
    if (!response.ok) throw new HttpError(response.status, parsed, `${method} ${path}`);
    return { body: parsed as T, etag: response.headers.get("etag") ?? undefined };
  }

  async signIn(chainId: number): Promise<void> {
    const { body: nonce } = await this.request<{ nonce: string }>("POST", "/auth/nonce");
    const message = siweMessage({
      domain: new URL(this.appOrigin).host,
      origin: this.appOrigin,
      address: this.wallet.address,
      chainId,
      nonce: nonce.nonce,
    });
    const signature = await this.wallet.signMessage(message);
    const { body: user } = await this.request<{ id: string }>("POST", "/auth/verify", { message, signature });
    this.userId = user.id;
  }

  /** A creating POST; `key` is the Idempotency-Key, the same on every retry of one operation. */
  create<T>(path: string, body: unknown, key: string = randomUUID()): Promise<T> {
    return this.request<T>("POST", path, body, { "idempotency-key": key }).then((r) => r.body);
  }

  async versioned<T>(readPath: string, method: string, path: string, body?: unknown): Promise<T> {
    const { etag } = await this.request("GET", readPath);
    if (!etag) throw new Error(`${readPath} returned no ETag`);
    return (await this.request<T>(method, path, body, { "if-match": etag })).body;
  }
}
