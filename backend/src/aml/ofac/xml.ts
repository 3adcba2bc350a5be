/**
 * Streaming reader for OFAC's XML lists, on saxes (a maintained, conformant, non-validating XML parser that never
 * reads a DTD, so no entity is ever fetched or expanded). Any DOCTYPE is refused outright. The document is fed in
 * chunks; only the current record (one `sdnEntry`, one `entity`) is held as a small tree, handed over when it
 * closes, then forgotten: memory stays bounded by the largest record, not the file. Element names lose their
 * namespace prefix. Malformed input throws XmlFormatError with the line.
 */
import { SaxesParser } from "saxes";

export class XmlFormatError extends Error {
  override readonly name = "XmlFormatError";
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`XML line ${line}: ${detail}`);
  }
}

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  /** Line of the start tag. */
  line: number;
}

const localName = (name: string): string => name.replace(/^.*:/, "");

/**
 * Reads the elements found at `recordPath` (root first, e.g. ["sdnList", "sdnEntry"]) as they complete. The root
 * element (name and attributes) is known as soon as its start tag has been read.
 */
export class XmlRecordReader {
  root: Omit<XmlElement, "children" | "text"> | null = null;
  private readonly parser = new SaxesParser({ xmlns: false, position: true } as const);
  /** Names of the open elements outside records. */
  private readonly path: string[] = [];
  /** The open elements of the record being read (its root first). */
  private readonly stack: XmlElement[] = [];
  private done: XmlElement[] = [];

  constructor(private readonly recordPath: readonly string[]) {
    const parser = this.parser;
    parser.on("error", (error) => {
      throw new XmlFormatError(parser.line, error.message.replace(/^\d+:\d+: /, ""));
    });
    parser.on("doctype", () => {
      throw new XmlFormatError(parser.line, "DOCTYPE and other declarations are not accepted");
    });
    parser.on("opentag", (tag) => {
      const element: XmlElement = {
        name: localName(tag.name),
        attributes: { ...tag.attributes },
        children: [],
        text: "",
        line: parser.line,
      };
      if (this.path.length === 0 && this.stack.length === 0)
        this.root = { name: element.name, attributes: element.attributes, line: element.line };
      const parent = this.stack.at(-1);
      if (parent) {
        parent.children.push(element);
        this.stack.push(element);
      } else if (
        this.path.length === this.recordPath.length - 1 &&
        [...this.path, element.name].every((n, i) => n === this.recordPath[i])
      ) {
        this.stack.push(element);
      } else {
        this.path.push(element.name);
      }
      if (tag.isSelfClosing) this.close();
    });
    parser.on("closetag", (tag) => {
      if (!tag.isSelfClosing) this.close();
    });
    // Text made only of whitespace (the layout between tags) is dropped; CDATA is kept as written.
    parser.on("text", (text) => {
      if (text.trim() !== "") this.appendText(text);
    });
    parser.on("cdata", (text) => this.appendText(text));
  }

  private close(): void {
    const element = this.stack.pop();
    if (!element) this.path.pop();
    else if (this.stack.length === 0) this.done.push(element);
  }

  private appendText(text: string): void {
    const top = this.stack.at(-1);
    if (top) top.text += text;
  }

  private take(): XmlElement[] {
    const records = this.done;
    this.done = [];
    return records;
  }

  /** Feeds the next piece of the document; returns the records it completed. */
  write(chunk: string): XmlElement[] {
    this.parser.write(chunk);
    return this.take();
  }

  /** Ends the document (throws if it is incomplete); returns the records it completed. */
  end(): XmlElement[] {
    this.parser.close();
    if (this.root === null) throw new XmlFormatError(this.parser.line, "no root element");
    return this.take();
  }
}

/** Direct children named `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** Trimmed text of the first direct child named `name`, or null. */
export function childText(element: XmlElement, name: string): string | null {
  const child = element.children.find((c) => c.name === name);
  const text = child?.text.trim();
  return text ? text : null;
}

/** Chunks of text from a file or upload stream (bytes decoded as UTF-8, a character split across chunks kept whole). */
export async function* textChunks(
  source: AsyncIterable<string | Uint8Array>,
): AsyncGenerator<{ text: string; bytes: Uint8Array | string }> {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  for await (const chunk of source) {
    yield typeof chunk === "string"
      ? { text: chunk, bytes: chunk }
      : { text: decoder.decode(chunk, { stream: true }), bytes: chunk };
  }
  const rest = decoder.decode();
  if (rest !== "") yield { text: rest, bytes: "" };
}
