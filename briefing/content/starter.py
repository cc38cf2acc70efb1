"""`briefing new <id>`: a starter region file with every section and a comment on each field.

Its texts are placeholders ("（请填写）" / "(to be written)") that are valid, so the
new file checks and builds at once; `briefing check` warns about each placeholder
until it is replaced (PLACEHOLDER here).
"""
from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from briefing.content.width import width_units
from briefing.errors import OutputError, UsageError
from briefing.content.format import ID

SCHEMA = Path("schema") / "region.schema.json"  # in the project folder, beside data/

TEMPLATE = """\
# yaml-language-server: $schema={schema}
#
# {id}: content for the bilingual briefing, started with `briefing new {id}`.
#
# How to fill it in:
# - Replace every {zh} / {en} with the text, in Chinese (zh) and English (en).
#   `briefing check {file}` lists the places still to write.
# - Figures are plain numbers in base units: 46.3亿元 is 4630000000 with unit CNY,
#   1670万人次 is 16700000 with unit {{zh: 人次, en: passenger trips}}.
#   The briefing writes them out in each language.
# - Ids use a-z, 0-9 and "-" and must not repeat anywhere in this file.
# - Lines starting with "#" are notes; remove the "# " before an optional field to use it.
# - `briefing schema` prints the whole format; editors with a YAML language server
#   complete and check field names as you type (the first line points them to it).

format: 1                              # the version of the format; leave it at 1
id: {id}                               # names the output files: {id}-zh.pdf, {id}-en.docx, ...
languages: [zh, en]                    # every text below is given in each of these
as_of: {month}                         # when the content was last checked: YYYY-MM (or YYYY, YYYY-MM-DD)
# glossary:                            # optional: one English rendering per Chinese term; check warns where a text lacks it
#   - {{zh: 正式落户, en: formally established}}

sources:                               # where the figures come from; each figure names one by its id
  - id: source-1                       # a short id, e.g. annual-report-2023
    title: {{zh: {zh}, en: {en}}}      # the document's title
    # publisher: {{zh: …, en: …}}        # optional: who published it
    date: {month}                      # when it was published: YYYY, YYYY-MM or YYYY-MM-DD
    # url: https://…                   # optional: where to find it

region:
  name: {{zh: {zh}, en: {en}}}         # the region's name, e.g. {{zh: 杭州钱塘新区, en: Hangzhou Qiantang New Area}}
  tagline: {{zh: {zh}, en: {en}}}      # optional: one line under the name on the cover
  summary:                             # the opening paragraph; **bold** is the only markup
    zh: {zh}
    en: {en}
  # portal: https://…                  # optional: the investment portal's web address

key_figures:                           # 4 to 12 figures for the "at a glance" page
  - id: figure-1                       # a short id, e.g. mfg-investment-2023
    label: {{zh: {zh}, en: {en}}}      # what the figure measures, without the number
    value: 0                           # a plain number in base units (yuan, not 亿元)
    unit: count                        # CNY, USD, EUR, JPY, HKD, GBP, percent, count, rank, or {{zh: 家, en: companies}}
    # qualifier: over                  # optional: over | nearly | about | top  (余 / 近 / 约 / 前N)
    # change: {{value: 7.5, basis: yoy}}  # optional: up 7.5% year on year; basis: yoy | qoq | cagr
    # period: 2023                     # optional: YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD
    # text: {{zh: 半壁江山, en: “Half the realm”}}  # optional: words in place of value and unit, for a figure given without a number
    source: source-1                   # the id of an entry in sources
  - id: figure-2
    label: {{zh: {zh}, en: {en}}}
    value: 0
    unit: CNY
    source: source-1
  - id: figure-3
    label: {{zh: {zh}, en: {en}}}
    value: 0
    unit: percent                      # 71.5 means 71.5%
    source: source-1
  - id: figure-4
    label: {{zh: {zh}, en: {en}}}
    value: 0
    unit: {{zh: 家, en: companies}}     # a unit named in each language
    source: source-1

industries:                            # required: the industry clusters
  summary: {{zh: {zh}, en: {en}}}      # the chapter's opening paragraph
  # highlights:                        # optional: bullet points
  #   - {{zh: …, en: …}}
  clusters:
    - id: cluster-1                    # a short id, e.g. biomedicine
      name: {{zh: {zh}, en: {en}}}     # the cluster's name
      summary: {{zh: {zh}, en: {en}}}  # optional: a paragraph about it
      # highlights: [{{zh: …, en: …}}]   # optional: bullet points
      # companies: [{{zh: …, en: …}}]    # optional: leading companies
      # metrics: []                    # optional: its figures, written like key_figures

transport:                             # required: how the region is reached
  summary: {{zh: {zh}, en: {en}}}
  links:
    - id: link-1                       # a short id, e.g. hsr-station
      name: {{zh: {zh}, en: {en}}}
      mode: rail                       # rail | sea | river | air | road | metro
      # status: operating              # optional: operating | planned | under-construction
      # opens: 2026                    # optional: the year it opens
      # reaches: [{{zh: …, en: …}}]      # optional: places it reaches, e.g. {{zh: 萧山机场, en: Xiaoshan Airport}}
      summary: {{zh: {zh}, en: {en}}}  # optional

open_economy:                          # required: free trade zones, bonded zones, foreign investment
  summary: {{zh: {zh}, en: {en}}}
  platforms:
    - id: platform-1
      name: {{zh: {zh}, en: {en}}}
      summary: {{zh: {zh}, en: {en}}}  # optional
  # metrics: []                        # optional: figures for the chapter, written like key_figures

business_environment:                  # required: reforms and services for investors
  summary: {{zh: {zh}, en: {en}}}
  reforms:
    - id: reform-1
      name: {{zh: {zh}, en: {en}}}
      summary: {{zh: {zh}, en: {en}}}  # optional
  # metrics: []                        # optional

sections:                              # optional: further chapters, in this order; delete if none
  - id: section-1                      # a short id, e.g. digital-economy; editions name chapters by it
    title: {{zh: {zh}, en: {en}}}      # the chapter's title
    summary: {{zh: {zh}, en: {en}}}
    items:                             # optional: like clusters
      - id: item-1
        name: {{zh: {zh}, en: {en}}}
        summary: {{zh: {zh}, en: {en}}}

contacts:                              # optional: who investors write to; delete if none
  - name: {{zh: {zh}, en: {en}}}       # a person or a desk
    organisation: {{zh: {zh}, en: {en}}}
    # phone: "+86 571 0000 0000"       # optional; in quotes
    # email: invest@example.org        # optional
    # address: {{zh: …, en: …}}          # optional
    # url: https://…                   # optional
"""

# The starter file's texts: valid, so a new file checks and builds, and reported
# as warnings (briefing.checks.translation) until they are replaced.
PLACEHOLDER = {"zh": "（请填写）", "en": "(to be written)"}
PLACEHOLDER_MARKS = ("请填写", "(to be written)")


def starter_text(region_id: str, today: date | None = None, schema: str = "../schema/region.schema.json",
                 file: str | None = None) -> str:
    """Return the text of a starter region file for `region_id`, dated `today`'s month."""
    month = (today or date.today()).strftime("%Y-%m")
    text = TEMPLATE.format(id=region_id, month=month, schema=schema, zh=PLACEHOLDER["zh"], en=PLACEHOLDER["en"],
                           file=file or f"data/{region_id}.yaml")
    return "\n".join(_align(line) for line in text.split("\n"))


COMMENT_COLUMN = 48
_TRAILING = re.compile(r"^(\s*(?:# )?\S.*?)\s{2,}(# .*)$")


def _align(line: str) -> str:
    """Return `line` with its trailing comment moved to COMMENT_COLUMN (counting wide characters as two)."""
    match = _TRAILING.match(line)
    if not match:
        return line
    code, comment = match.groups()
    return code + " " * max(2, COMMENT_COLUMN - width_units(code)) + comment


def schema_reference(target: Path, project: Path | None = None) -> str:
    """Return the region schema's path relative to the folder of `target`, for the editor's comment line."""
    schema = (project or Path.cwd()) / SCHEMA
    try:
        return Path(os.path.relpath(schema.resolve(), target.resolve().parent)).as_posix()
    except ValueError:  # another drive (Windows)
        return schema.resolve().as_uri()


MAX_ID = 64  # an id names files (<id>-<edition>-<lang>-print.pdf): well inside a file system's 255 bytes


def write_starter(region_id: str, out: Path | None = None, today: date | None = None) -> Path:
    """Write a starter region file (default data/<id>.yaml) and return its path; never overwrite a file."""
    if not re.fullmatch(ID, region_id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", region_id.lower()).strip("-") or "my-region"
        raise UsageError(f"{region_id!r} is not a usable id: use lower-case letters, digits and hyphens",
                         hint=f"for example: briefing new {suggestion}")
    if len(region_id) > MAX_ID:
        raise UsageError(f"the id is {len(region_id)} characters long; an id is at most {MAX_ID} (it names the "
                         "output files)", hint=f"for example: briefing new {region_id[:MAX_ID].rstrip('-')}")
    path = out or Path("data") / f"{region_id}.yaml"
    if path.is_dir():
        raise UsageError(f"{path} is a folder", hint="give the file to write: --out FOLDER/NAME.yaml")
    text = starter_text(region_id, today, schema_reference(path), file=path.as_posix())
    _write_new(path, text)
    return path


def _write_new(path: Path, text: str) -> None:
    """Write `text` to `path`, which must not exist: whole or not at all (a full disk leaves nothing)."""
    import secrets

    if path.exists() or path.is_symlink():
        raise UsageError(f"{path} exists already; nothing was written",
                         hint="choose another id, or another file with --out")
    # named as briefing.build.atomic names its temporaries, so a build there removes one a kill left
    tmp = path.parent / f".briefing-tmp-{os.getpid()}-{secrets.token_hex(4)}-{path.name}"[:255]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with tmp.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.link(tmp, path)  # refuses to replace a file that appeared meanwhile
        finally:
            tmp.unlink(missing_ok=True)
    except FileExistsError:
        raise UsageError(f"{path} exists already; nothing was written",
                         hint="choose another id, or another file with --out") from None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}; nothing was written") from None
