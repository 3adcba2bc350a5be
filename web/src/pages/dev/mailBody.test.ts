// @vitest-environment node
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { framedHtml, linkPieces } from "./mailBody";

describe("16 dev mail bodies", () => {
  it("16 finds the links of a text email, leaving a trailing full stop out", () => {
    expect(linkPieces("Confirm: http://127.0.0.1:5173/settings/email/verify?token=n1.a.b.c.\nBye")).toEqual([
      { kind: "text", text: "Confirm: " },
      { kind: "link", href: "http://127.0.0.1:5173/settings/email/verify?token=n1.a.b.c" },
      { kind: "text", text: ".\nBye" },
    ]);
    expect(linkPieces("no link")).toEqual([{ kind: "text", text: "no link" }]);
  });

  it("16 the pieces always put the text back together", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true })), { maxLength: 6 }),
        (parts) => {
          const text = parts.join(" ");
          const back = linkPieces(text)
            .map((p) => (p.kind === "text" ? p.text : p.href))
            .join("");
          expect(back).toBe(text);
        },
      ),
      { numRuns: 60 },
    );
  }, 30_000);

  it("16 links in the HTML open outside the sandboxed frame", () => {
    expect(framedHtml("<html><head><title>x</title></head><body></body></html>")).toBe(
      '<html><head><base target="_blank"><title>x</title></head><body></body></html>',
    );
    expect(framedHtml("<p>hi</p>")).toBe('<base target="_blank"><p>hi</p>');
  });

  it("16 inline styles are left out (the app's CSP would refuse them inside the frame)", () => {
    expect(framedHtml("<hr><p style=\"font-size:small\">Stop</p><style>p{color:red}</style><b STYLE='x'>b</b>")).toBe(
      '<base target="_blank"><hr><p>Stop</p><b>b</b>',
    );
  });
});
