/**
 * What the two XML formats share: the document streams through XmlRecordReader, each record (an `sdnEntry`, an
 * `entity`) becomes one SanctionedParty as soon as it closes, ids must be unique, and the SHA-256 digest is taken
 * over the bytes as they pass. A list either loads whole or fails with SdnFormatError naming the line: a consumer
 * of the stream must drop what it received when the stream throws (screening against half a list would clear
 * sanctioned people).
 */
import { createHash } from "node:crypto";
import { SdnFormatError } from "./legacy-csv.ts";
import type { SanctionedParty, SanctionsList } from "./sanctions-list.ts";
import { textChunks, XmlFormatError, XmlRecordReader, type XmlElement } from "./xml.ts";

export interface XmlListFormat {
  file: string;
  /** Where the records are, the root element first. */
  recordPath: readonly string[];
  /** What the format calls a record's id, for messages ("uid", "id"). */
  idName: string;
  /** Refuses a root (or a record) that does not belong to a full list of this format; returns the reason. */
  refuseRoot(root: Omit<XmlElement, "children" | "text">): string | null;
  refuseRecord?(record: XmlElement): string | null;
  /** The party a record describes; throws SdnFormatError when it is incomplete. `where` names the record. */
  party(record: XmlElement, where: string): SanctionedParty;
  emptyMessage: string;
}

/** Incremental parser of one document: feed it text, collect the parties, call end() for the digest. */
export class XmlListParser {
  private readonly reader: XmlRecordReader;
  private readonly hash = createHash("sha256");
  private readonly seen = new Set<number>();
  private rootChecked = false;

  constructor(private readonly format: XmlListFormat) {
    this.reader = new XmlRecordReader(format.recordPath);
  }

  private guard<T>(step: () => T): T {
    try {
      return step();
    } catch (error) {
      if (error instanceof XmlFormatError) throw new SdnFormatError(this.format.file, error.line, error.message);
      throw error;
    }
  }

  private parties(records: XmlElement[]): SanctionedParty[] {
    const { root } = this.reader;
    if (root && !this.rootChecked) {
      const refusal = this.format.refuseRoot(root);
      if (refusal !== null) throw new SdnFormatError(this.format.file, root.line, refusal);
      this.rootChecked = true;
    }
    return records.map((record) => {
      const where = `${this.format.recordPath.at(-1)} #${this.seen.size + 1}`;
      const refusal = this.format.refuseRecord?.(record) ?? null;
      if (refusal !== null) throw new SdnFormatError(this.format.file, record.line, refusal);
      const party = this.format.party(record, where);
      if (this.seen.has(party.entNum))
        throw new SdnFormatError(
          this.format.file,
          record.line,
          `${where}: duplicate ${this.format.idName} ${party.entNum}`,
        );
      this.seen.add(party.entNum);
      return party;
    });
  }

  /** `bytes` is what the digest covers (the text itself when it came as text). */
  write(text: string, bytes: Uint8Array | string = text): SanctionedParty[] {
    this.hash.update(bytes);
    return this.parties(this.guard(() => this.reader.write(text)));
  }

  /** The last parties and the digest of the whole document; throws if the document is incomplete or empty. */
  end(): { parties: SanctionedParty[]; digest: string } {
    const parties = this.parties(this.guard(() => this.reader.end()));
    if (this.seen.size === 0) throw new SdnFormatError(this.format.file, 1, this.format.emptyMessage);
    return { parties, digest: this.hash.digest("hex") };
  }
}

/** The parties of a list read from a stream, one at a time; returns the digest. */
export async function* streamXmlList(
  format: XmlListFormat,
  source: AsyncIterable<string | Uint8Array>,
): AsyncGenerator<SanctionedParty, string> {
  const parser = new XmlListParser(format);
  for await (const { text, bytes } of textChunks(source)) yield* parser.write(text, bytes);
  const { parties, digest } = parser.end();
  yield* parties;
  return digest;
}

export function loadXmlList(format: XmlListFormat, text: string): SanctionsList {
  const parser = new XmlListParser(format);
  const parties = parser.write(text);
  const end = parser.end();
  return { source: "OFAC-SDN", digest: end.digest, parties: [...parties, ...end.parties] };
}
