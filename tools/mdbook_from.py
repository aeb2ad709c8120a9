#!/usr/bin/env python3
"""Makes an mdBook of a generated forvalt benchmark site, for timing mdBook on the same pages.

    tools/mdbook_from.py /tmp/gen-1000 /tmp/book-1000
    mdbook build /tmp/book-1000

Every Markdown page becomes a chapter at its own path (front matter removed, as mdBook would
show it as text), nested by folder in SUMMARY.md; the roadmaps stay ```mermaid fences, which
mdBook publishes as code (it has no chart drawing of its own).
"""

import os
import sys


def strip_front_matter(text):
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5:]
    return text


def main():
    src, out = sys.argv[1], sys.argv[2]
    pages = []
    for root, dirs, files in os.walk(src):
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        for f in sorted(files):
            if f.endswith(".md"):
                pages.append(os.path.relpath(os.path.join(root, f), src))
    pages.sort()
    os.makedirs(os.path.join(out, "src"), exist_ok=True)
    with open(os.path.join(out, "book.toml"), "w") as f:
        f.write('[book]\ntitle = "Benchmark"\nlanguage = "da"\n\n[output.html]\n')
    lines = ["# Summary\n\n"]
    seen = set()
    for p in pages:
        parts = p.split(os.sep)
        # A chapter for each folder on the way, once (mdBook needs a parent to nest under).
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder not in seen:
                seen.add(folder)
                index = folder + "/README.md"
                path = os.path.join(out, "src", index)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                if not os.path.exists(path):
                    with open(path, "w") as f:
                        f.write(f"# {parts[depth - 1]}\n")
                lines.append("  " * (depth - 1) + f"- [{parts[depth - 1]}]({index})\n")
        target = os.path.join(out, "src", p)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(os.path.join(src, p), encoding="utf-8") as f:
            text = strip_front_matter(f.read())
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
        title = os.path.splitext(parts[-1])[0]
        lines.append("  " * (len(parts) - 1) + f"- [{title}]({p})\n")
    with open(os.path.join(out, "src", "SUMMARY.md"), "w") as f:
        f.writelines(lines)


if __name__ == "__main__":
    main()
