"""Keep the generated pages' HTML blocks away from Python-Markdown.

Generated pages are Markdown headings (for the table of contents and anchors)
around large blocks of HTML that Jinja already rendered and escaped. Markdown
passes such blocks through unchanged, but only after running them through its
HTML parser — on a 5,000-meeting archive that parsing was a third of the build.
So the blocks are swapped for placeholder paragraphs before Markdown runs and
put back into the rendered page afterwards: the same output, without the parse.
"""

from __future__ import annotations

import re

# Tags that open an HTML block in Markdown (a line starting with another tag is
# inline HTML inside a paragraph, which must stay a paragraph).
_BLOCK_TAGS = "address|article|aside|blockquote|details|div|dl|fieldset|figure|footer|form|h[1-6]|header|hr|nav|ol|p|pre|section|table|ul"
# A block starts at a line beginning with such a tag right after a blank line
# (or the start) and runs to the next blank line, or to a generated heading
# ("## Title {#anchor}"), which Markdown reads after the block's closing tag.
_BLOCK = re.compile(
    rf"(?:(?<=\n\n)|\A)<(?:{_BLOCK_TAGS})[\s>/][^\n]*(?:\n(?![ \t]*\n|#{{1,6}} [^\n]*\{{#[\w-]+\}}[ \t]*(?:\n|$))[^\n]*)*",
    re.IGNORECASE,
)
_PLACEHOLDER = "TWGRAWHTML{}X"
_RESTORE = re.compile(r"<p>TWGRAWHTML(\d+)X</p>")


def stash(markdown: str) -> tuple[str, list[str]]:
    """Markdown with its top-level HTML blocks replaced by placeholders, and the blocks."""
    blocks: list[str] = []

    def keep(match: re.Match[str]) -> str:
        blocks.append(match.group(0))
        return _PLACEHOLDER.format(len(blocks) - 1)

    return _BLOCK.sub(keep, markdown), blocks


def restore(html: str, blocks: list[str]) -> str:
    """Put the blocks back where Markdown rendered their placeholders."""
    return _RESTORE.sub(lambda m: blocks[int(m.group(1))], html) if blocks else html
