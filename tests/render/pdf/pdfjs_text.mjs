// Print each page's text as pdf.js's viewer searches it: the text content items joined, "\n" where
// an item ends a line, pages separated by form feeds. Usage: node pdfjs_text.mjs <pdf.mjs path> <file.pdf>
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const { getDocument } = await import(pathToFileURL(process.argv[2]).href);
const data = new Uint8Array(readFileSync(process.argv[3]));
const doc = await getDocument({ data, verbosity: 0, disableFontFace: true, useSystemFonts: false }).promise;
const pages = [];
for (let i = 1; i <= doc.numPages; i++) {
  const content = await (await doc.getPage(i)).getTextContent();
  pages.push(content.items.map((item) => (item.str ?? "") + (item.hasEOL ? "\n" : "")).join(""));
}
process.stdout.write(pages.join("\f"));
