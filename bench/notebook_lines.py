"""Counts the code lines of notebooks: non-blank lines of code cells that are not // comments.

Usage: python3 bench/notebook_lines.py notebooks/*.ipynb templates/*.ipynb
"""
import json, sys, glob
total = 0
for f in sorted(sys.argv[1:]):
    nb = json.load(open(f))
    n = 0
    for c in nb['cells']:
        if c['cell_type'] == 'code':
            src = ''.join(c['source']) if isinstance(c['source'], list) else c['source']
            n += sum(1 for l in src.split('\n') if l.strip() and not l.strip().startswith('//'))
    total += n
    print(f"{n:5d} {f}")
print(f"{total:5d} total")
