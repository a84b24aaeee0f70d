#!/usr/bin/env python3
"""Writes src/ConnectJobs.Core/Data/tlds.txt from a Public Suffix List file (default: Debian's
publicsuffix package): the one-label entries of its ICANN section, IDN labels as xn-- ASCII."""
import sys

source = sys.argv[1] if len(sys.argv) > 1 else '/usr/share/publicsuffix/public_suffix_list.dat'
target = sys.argv[2] if len(sys.argv) > 2 else 'src/ConnectJobs.Core/Data/tlds.txt'
icann, tlds = False, set()
for line in open(source, encoding='utf-8').read().splitlines():
    if '===BEGIN ICANN DOMAINS===' in line:
        icann = True
    elif '===END ICANN DOMAINS===' in line:
        break
    elif icann and line.strip() and not line.startswith('//'):
        label = line.strip().lstrip('!*.')
        if '.' not in label:
            tlds.add(label.lower() if label.isascii() else label.encode('idna').decode('ascii').lower())

with open(target, 'w') as out:
    out.write("# The top-level domains that email addresses may end in: the ICANN section of the Public Suffix\n")
    out.write("# List (publicsuffix.org, MPL 2.0; Debian's publicsuffix package), one label per line, IDN labels in\n")
    out.write("# their ASCII (xn--) form. Regenerate with build/tlds.py when the list changes.\n")
    out.writelines(t + '\n' for t in sorted(tlds))
