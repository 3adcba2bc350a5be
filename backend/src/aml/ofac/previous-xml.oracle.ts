/**
 * The previous OFAC XML reading, kept ONLY as the oracle of the agreement property in xml-list.test.ts: the
 * hand-written whole-tree reader of main at 28ce16f (unchanged but for `line: 0`, as it reported no line for
 * entries) and the way the loaders walked its tree. Production code never imports this file.
 */
import { createHash } from "node:crypto";
import { SdnFormatError } from "./legacy-csv.ts";
import type { SanctionedParty, SanctionsList } from "./sanctions-list.ts";
import { childrenNamed, XmlFormatError, type XmlElement } from "./xml.ts";
import type { XmlListFormat } from "./xml-list.ts";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const NAME = /^[A-Za-z_][\w.:-]*/;

function decode(raw: string, line: () => number): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);|&/g, (match, ref: string | undefined) => {
    if (ref === undefined) throw new XmlFormatError(line(), "bare '&' (write &amp;)");
    if (ref.startsWith("#x")) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith("#")) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    const value = ENTITIES[ref];
    if (value === undefined) throw new XmlFormatError(line(), `unknown entity &${ref}; (${match})`);
    return value;
  });
}

function parseXml(text: string): XmlElement {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const lineAt = (pos: number): number => text.slice(0, pos).split("\n").length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  const expect = (token: string, what: string): void => {
    const at = text.indexOf(token, i);
    if (at < 0) throw new XmlFormatError(lineAt(i), `unterminated ${what}`);
    i = at + token.length;
  };

  while (i < text.length) {
    const lt = text.indexOf("<", i);
    const chunk = lt < 0 ? text.slice(i) : text.slice(i, lt);
    if (chunk.trim() !== "") {
      const top = stack.at(-1);
      if (!top) throw new XmlFormatError(lineAt(i), "text outside the root element");
      top.text += decode(chunk, () => lineAt(i));
    }
    if (lt < 0) break;
    i = lt;
    if (text.startsWith("<?", i)) {
      expect("?>", "processing instruction");
    } else if (text.startsWith("<!--", i)) {
      expect("-->", "comment");
    } else if (text.startsWith("<![CDATA[", i)) {
      const start = i + 9;
      expect("]]>", "CDATA section");
      const top = stack.at(-1);
      if (!top) throw new XmlFormatError(lineAt(start), "CDATA outside the root element");
      top.text += text.slice(start, i - 3);
    } else if (text.startsWith("<!", i)) {
      throw new XmlFormatError(lineAt(i), "DOCTYPE and other declarations are not accepted");
    } else if (text.startsWith("</", i)) {
      const end = text.indexOf(">", i);
      if (end < 0) throw new XmlFormatError(lineAt(i), "unterminated end tag");
      const name = text
        .slice(i + 2, end)
        .trim()
        .replace(/^.*:/, "");
      const open = stack.pop();
      if (!open || open.name !== name)
        throw new XmlFormatError(lineAt(i), `</${name}> does not close <${open?.name ?? "nothing"}>`);
      i = end + 1;
    } else {
      const end = text.indexOf(">", i);
      if (end < 0) throw new XmlFormatError(lineAt(i), "unterminated start tag");
      let body = text.slice(i + 1, end);
      const selfClosing = body.endsWith("/");
      if (selfClosing) body = body.slice(0, -1);
      const name = NAME.exec(body)?.[0];
      if (!name) throw new XmlFormatError(lineAt(i), "element without a name");
      const attributes: Record<string, string> = {};
      const attrText = body.slice(name.length);
      const attrPattern = /\s+([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/gy;
      let consumed = 0;
      for (let m = attrPattern.exec(attrText); m; m = attrPattern.exec(attrText)) {
        attributes[m[1]!] = decode(m[3] ?? m[4] ?? "", () => lineAt(i));
        consumed = attrPattern.lastIndex;
      }
      if (attrText.slice(consumed).trim() !== "")
        throw new XmlFormatError(lineAt(i), `malformed attributes in <${name}>`);
      const element: XmlElement = { name: name.replace(/^.*:/, ""), attributes, children: [], text: "", line: 0 };
      const parent = stack.at(-1);
      if (parent) parent.children.push(element);
      else if (root) throw new XmlFormatError(lineAt(i), "more than one root element");
      else root = element;
      if (!selfClosing) stack.push(element);
      i = end + 1;
    }
  }
  if (stack.length > 0) throw new XmlFormatError(lineAt(text.length), `<${stack.at(-1)!.name}> is never closed`);
  if (!root) throw new XmlFormatError(1, "no root element");
  return root;
}

/** A list read the previous way: the whole document as one tree, then the records under the format's path. */
export function loadPreviously(format: XmlListFormat, text: string): SanctionsList {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (error) {
    if (error instanceof XmlFormatError) throw new SdnFormatError(format.file, error.line, error.message);
    throw error;
  }
  const rootRefusal = format.refuseRoot(root);
  if (rootRefusal !== null) throw new SdnFormatError(format.file, 1, rootRefusal);
  let records = [root];
  for (const name of format.recordPath.slice(1)) records = records.flatMap((e) => childrenNamed(e, name));
  for (const record of records) {
    const refusal = format.refuseRecord?.(record) ?? null;
    if (refusal !== null) throw new SdnFormatError(format.file, 1, refusal);
  }
  const parties: SanctionedParty[] = [];
  const seen = new Set<number>();
  for (const [index, record] of records.entries()) {
    const where = `${format.recordPath.at(-1)} #${index + 1}`;
    const party = format.party(record, where);
    if (seen.has(party.entNum))
      throw new SdnFormatError(format.file, 0, `${where}: duplicate ${format.idName} ${party.entNum}`);
    seen.add(party.entNum);
    parties.push(party);
  }
  if (parties.length === 0) throw new SdnFormatError(format.file, 1, format.emptyMessage);
  return { source: "OFAC-SDN", digest: createHash("sha256").update(text).digest("hex"), parties };
}
