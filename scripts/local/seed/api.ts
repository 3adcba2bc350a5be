/**
 * The backend's REST API as a signed-in user: Sign-In with Ethereum (EIP-4361) with a local key, exactly like
 * the web app does with a wallet, then the session cookie on every request. Used to seed the demo data through
 * the same API and rules as everyone else.
 */
import { Wallet } from "ethers";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} answered ${status}: ${JSON.stringify(body)}`);
  }
}

export interface Reply<T> {
  status: number;
  body: T;
  etag: string | undefined;
}

const STATEMENT = "Sign in to Freehold. This request does not send a transaction or cost anything.";

/** The EIP-4361 message text (the backend parses and checks domain, chain, nonce and times). */
export function siweMessage(input: {
  domain: string;
  origin: string;
  address: string;
  chainId: number;
  nonce: string;
  now?: Date;
}): string {
  const now = input.now ?? new Date();
  return [
    `${input.domain} wants you to sign in with your Ethereum account:`,
    input.address,
    "",
    STATEMENT,
    "",
    `URI: ${input.origin}`,
    "Version: 1",
    `Chain ID: ${input.chainId}`,
    `Nonce: ${input.nonce}`,
    `Issued At: ${now.toISOString()}`,
    `Expiration Time: ${new Date(now.getTime() + 10 * 60_000).toISOString()}`,
  ].join("\n");
}

let keySeq = 0;
export const idempotencyKey = (): string => `seed-${Date.now()}-${++keySeq}`;

export class ApiSession {
  private cookie = "";
  userId = "";

  private constructor(
    private readonly apiUrl: string,
    private readonly appOrigin: string,
    readonly address: string,
  ) {}

  static async signIn(apiUrl: string, appOrigin: string, chainId: number, key: string): Promise<ApiSession> {
    const wallet = new Wallet(key);
    const session = new ApiSession(apiUrl, appOrigin, wallet.address);
    const { body: nonce } = await session.request<{ nonce: string }>("POST", "/auth/nonce");
    const message = siweMessage({
      domain: new URL(appOrigin).host,
      origin: appOrigin,
      address: wallet.address,
      chainId,
      nonce: nonce.nonce,
    });
    const signature = await wallet.signMessage(message);
    const { body: user } = await session.request<{ id: string }>("POST", "/auth/verify", { message, signature });
    session.userId = user.id;
    return session;
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const all: Record<string, string> = { ...headers, cookie: this.cookie, origin: this.appOrigin };
    const init: RequestInit = { method, headers: all };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      all["content-type"] = "application/json";
    }
    const response = await fetch(`${this.apiUrl}/api/v1${path}`, init);
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("fh_session="));
    if (setCookie) this.cookie = setCookie.split(";")[0]!;
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new ApiError(response.status, parsed, `${method} ${path}`);
    return { status: response.status, body: parsed as T, etag: response.headers.get("etag") ?? undefined };
  }

  /** A creating POST with an Idempotency-Key (the backend requires one). */
  create<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>("POST", path, body, { "idempotency-key": idempotencyKey() }).then((r) => r.body);
  }

  /** GET the entity for its ETag, then write with If-Match (the backend's optimistic concurrency). */
  async versioned<T>(readPath: string, method: string, path: string, body?: unknown): Promise<T> {
    const { etag } = await this.request("GET", readPath);
    if (!etag) throw new Error(`${readPath} returned no ETag`);
    return (await this.request<T>(method, path, body, { "if-match": etag })).body;
  }

  upload<T>(
    path: string,
    fields: Record<string, string>,
    file: { bytes: Uint8Array; name: string; type: string },
  ): Promise<T> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    form.set("file", new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
    return this.create<T>(path, form);
  }
}
