/**
 * A small, strict XML reader for OFAC's SDN.XML (no DTDs, no external entities: nothing in the file can make
 * the parser fetch or expand anything). It builds a tree of elements with their text; attributes are read but
 * only namespace declarations appear in SDN.XML. Malformed input throws XmlFormatError with the line.
 */

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
}

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

export function parseXml(text: string): XmlElement {
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
      const name = text.slice(i + 2, end).trim().replace(/^.*:/, "");
      const open = stack.pop();
      if (!open || open.name !== name) throw new XmlFormatError(lineAt(i), `</${name}> does not close <${open?.name ?? "nothing"}>`);
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
      if (attrText.slice(consumed).trim() !== "") throw new XmlFormatError(lineAt(i), `malformed attributes in <${name}>`);
      const element: XmlElement = { name: name.replace(/^.*:/, ""), attributes, children: [], text: "" };
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
