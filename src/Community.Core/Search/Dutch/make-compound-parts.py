# Derives compound-parts.nl.txt.gz from Debian's wdutch list; see README.md.
import unicodedata, re, gzip, sys
def fold(w): return ''.join(c for c in unicodedata.normalize('NFD', w) if unicodedata.category(c) != 'Mn')
ws=set()
for line in open('/usr/share/dict/nederlands', encoding='utf-8'):
    w=line.strip()
    if not w or w[0].isupper(): continue
    f=fold(w)
    if re.fullmatch(r'[a-z]{4,13}', f): ws.add(f)
def splits(w, depth=0):
    # can w be split fully into >=2 parts of the set, parts >= 4, optional linking s/e/en?
    n=len(w)
    for i in range(4, n-3):
        a=w[:i]
        if a in ws:
            r=w[i:]
            for link in ('', 's', 'e', 'en'):
                if r.startswith(link):
                    rr=r[len(link):]
                    if len(rr)>=4 and (rr in ws or (depth<3 and splits(rr, depth+1))): return True
    return False
simple=sorted(w for w in ws if not splits(w))
with gzip.GzipFile('compound-parts.nl.txt.gz', 'wb', compresslevel=9, mtime=0) as out:
    out.write(('\n'.join(simple) + '\n').encode('ascii'))
print(len(simple), 'words')
