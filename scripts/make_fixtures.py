#!/usr/bin/env python3
"""Cuts the small real fixtures in tests/fixtures/incidents/ from ../shared/data (run once; output is
committed). Each fixture keeps the source's header and bytes exactly (line endings included) and takes
every k-th data line plus the first lines, so that the reject reasons the full file has appear too."""
import gzip, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, '..', 'shared', 'data', 'incidents')
OUT = os.path.join(ROOT, 'tests', 'fixtures', 'incidents')

# (output name, source path, number of rows, extra line numbers (1-based physical) to include)
CUTS = [
    ('houston_sample.csv', 'houston/houston_crime_2010-01_2010-07_ggmap.csv.gz', 150, [18, 247]),
    ('vancouver_sample.csv', 'vancouver/vancouver_crime_2020-01_2020-10_vpd.csv.gz', 150, [4176, 4177]),
    ('lapd_bdsj_sample.csv', 'lapd/lapd_crime_2020-03_2021-05_sample_bdsj.csv.gz', 120, [76]),
    ('lapd_ivanco_sample.csv', 'lapd/lapd_crime_2020_sample_ivanco19.csv.gz', 120, [30, 33, 1405]),
    ('chicago_assaults_sample.csv', 'chicago/chicago_aggravated_assaults_2010_2019.csv.gz', 200, []),
    ('chicago_portal_sample.csv', 'chicago/chicago_crimes_portal_sample_razimbrao.csv.gz', 120, [2, 3]),
    ('nyc_shootings_sample.csv', 'nyc/nyc_shootings_2006-01_2021-06_ptools.csv.gz', 120, []),
    ('cdmx_carjacking_sample.csv', 'cdmx/cdmx_carjacking_fgj_2019-01_2019-10.csv.gz', 120, [20]),
    ('sacramento_sample.csv', 'sacramento/SacramentocrimeJanuary2006.csv.gz', 120, []),
    ('sf_robbery_sample.csv', 'sf/sf_personal_robbery_2019.csv.gz', 80, []),
]

def physical_lines(raw):
    """Split keeping terminators; CR-only files split on CR. Quoted newlines do not occur in these sources
    at the chosen lines (checked by the tests, which count rows with the real reader)."""
    if b'\n' not in raw[:100000] and b'\r' in raw[:100000]:
        parts = raw.split(b'\r')
        return [p + b'\r' for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    return raw.splitlines(keepends=True)

for name, src, n, extra in CUTS:
    path = os.path.join(DATA, src)
    if not os.path.exists(path):
        sys.exit(f'missing {path}: run where ../shared/data exists')
    lines = physical_lines(gzip.open(path, 'rb').read())
    header, body = lines[0], lines[1:]
    step = max(1, len(body) // n)
    picked = sorted(set(list(range(0, len(body), step))[:n] + [e - 2 for e in extra if 0 <= e - 2 < len(body)]))
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(header)
        for i in picked:
            f.write(body[i])
    print(f'{name}: {len(picked)} rows from {src}')
