#!/usr/bin/env python3
"""Compiles the IANA time zone database into src/tzdata.bin, the rules src/zone.rs reads.

Usage: python3 scripts/tzdata.py [path/to/tzdata.zi]   (default: the host's
/usr/share/zoneinfo/tzdata.zi; Debian's `tzdata` package ships it). Needs `zic` on the PATH.

Why a compiled file rather than a crate with the whole database (docs/time-zones.md): CRM data
starts after 1970, and the rules from 1970 on, delta-encoded, are ~12 KB gzip where the full
TZif set is ~50 KB. `zic -b slim` compiles the source; each zone's TZif (version 2+) is read
back and written as:

    file  := "SPITZ1\\0" version "\\0" varint(names) name* varint(blobs) blob*
    name  := bytes "\\0" varint(blob index)           (every zone and link, sorted)
    blob  := varint(len) zz(offset at 1970-01-01) varint(n) (varint(delta s) zz(offset s))^n
             footer "\\0"

where the n transitions are those after 1970-01-01T00:00Z (delta from the previous one, the
first from 1970), offsets are seconds east of UTC, zz is zigzag, and the footer is the TZif's
POSIX TZ string (the rule after the last transition; only the `Mm.w.d` form occurs, checked).
Identical zones (links, and zones equal since 1970) share one blob.
"""
import os, struct, subprocess, sys, tempfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'tzdata.bin')


def read_tzif(path):
    b = open(path, 'rb').read()
    if b[:4] != b'TZif' or b[4:5] < b'2':
        raise ValueError(f'{path}: not TZif version 2+')
    def counts(o):
        return struct.unpack('>6l', b[o + 20:o + 44])
    isut, isstd, leap, timecnt, typecnt, charcnt = counts(0)
    o = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut
    isut, isstd, leap, timecnt, typecnt, charcnt = counts(o)
    o += 44
    times = struct.unpack(f'>{timecnt}q', b[o:o + 8 * timecnt]); o += 8 * timecnt
    idx = b[o:o + timecnt]; o += timecnt
    offsets = [struct.unpack('>l', b[o + 6 * i:o + 6 * i + 4])[0] for i in range(typecnt)]
    o += 6 * typecnt + charcnt + leap * 12 + isstd + isut
    footer = b[o:].strip(b'\n').decode()
    return list(zip(times, [offsets[i] for i in idx])), offsets[0], footer


def varint(n):
    out = bytearray()
    while True:
        x, n = n & 0x7F, n >> 7
        out.append(x | 0x80 if n else x)
        if not n:
            return bytes(out)


def zz(n):
    return varint((n << 1) ^ (n >> 63))


def blob(path):
    transitions, first, footer = read_tzif(path)
    if ',' in footer and not all(part.startswith('M') for part in footer.split(',')[1:]):
        raise ValueError(f'{path}: footer {footer!r} uses a rule form other than Mm.w.d')
    at_1970 = first
    for t, off in transitions:
        if t <= 0:
            at_1970 = off
    later = [(t, off) for t, off in transitions if t > 0]
    out = bytearray(zz(at_1970) + varint(len(later)))
    last = 0
    for t, off in later:
        out += varint(t - last) + zz(off)
        last = t
    return bytes(out + footer.encode() + b'\0')


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else '/usr/share/zoneinfo/tzdata.zi'
    version = open(source).readline().split()[-1]  # "# version 2025b"
    names = []
    for line in open(source):
        parts = line.split()
        if parts[:1] == ['Z']:
            names.append(parts[1])
        elif parts[:1] == ['L']:
            names.append(parts[2])
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(['zic', '-b', 'slim', '-d', tmp, source], check=True)
        blobs, index = [], {}
        entries = []
        for name in sorted(set(names)):
            data = blob(os.path.join(tmp, name))
            if data not in index:
                index[data] = len(blobs)
                blobs.append(data)
            entries.append((name, index[data]))
    out = bytearray(b'SPITZ1\0' + version.encode() + b'\0' + varint(len(entries)))
    for name, i in entries:
        out += name.encode() + b'\0' + varint(i)
    out += varint(len(blobs))
    for data in blobs:
        out += varint(len(data)) + data
    open(OUT, 'wb').write(out)
    print(f'{OUT}: tzdb {version}, {len(entries)} names, {len(blobs)} rule sets, {len(out)} bytes')


if __name__ == '__main__':
    main()
