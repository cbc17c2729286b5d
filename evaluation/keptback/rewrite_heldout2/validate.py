"""Validate the annotated letters in this folder (YAML, indices, facts, weekdays, merge fields, LIX)."""
import glob, os, re, datetime, yaml
D = os.path.dirname(os.path.abspath(__file__))
MON = {m: i+1 for i, m in enumerate(['januar','februar','marts','april','maj','juni','juli','august','september','oktober','november','december'])}
WD = ['mandag','tirsdag','onsdag','torsdag','fredag','lørdag','søndag']
def lix(t):
    """Whole-text LIX: sentence ends are . ! ? : before a capital (or «), and line breaks."""
    words = re.findall(r'[A-Za-zÆØÅæøåé]+(?:-[A-Za-zÆØÅæøå]+)*', t)
    sents = [s for s in re.split(r'(?<=[.!?:])\s+(?=[A-ZÆØÅ«»])|\n+', t) if re.search(r'[A-Za-zÆØÅæøå]', s)]
    return len(words)/len(sents) + 100*sum(len(w) > 6 for w in words)/len(words)
errs = 0
for y in sorted(glob.glob(os.path.join(D, '*.yaml'))):
    t = open(y[:-5] + '.txt', encoding='utf-8').read()
    paras = t.rstrip('\n').split('\n\n'); n = len(paras)
    a = yaml.safe_load(open(y, encoding='utf-8'))
    e = []
    for k, v in a['elements'].items():
        for i in v:
            if not 0 <= i < n: e.append(f'{k} index {i} out of range')
    for i in a['threat_paragraphs'] + [a['key_message_paragraph']]:
        if not 0 <= i < n: e.append(f'index {i} out of range')
    for f in a['facts']:
        if f not in t: e.append(f'fact not in text: {f!r}')
    if len(set(a['facts'])) != len(a['facts']): e.append('duplicate facts')
    for m in a['merge_fields']:
        if m not in t: e.append(f'merge field not in text: {m}')
    if set(re.findall(r'«[^»]+»', t)) != set(a['merge_fields']): e.append('merge_fields list differs from text')
    if '\n\n\n' in t: e.append('triple newline')
    for wd, d, mo, yr in re.findall(r'(?i)\b(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) den (\d{1,2})\. (\w+)(?: (\d{4}))?', t):
        if mo.lower() not in MON: continue
        if not yr:  # "mandag den 22. februar, tirsdag ... 2027": take the next year in the text
            m = re.search(re.escape(f'{d}. {mo}') + r'.*?(\d{4})', t[t.find(f'{wd} den {d}. {mo}'):], re.S); yr = m.group(1)
        real = WD[datetime.date(int(yr), MON[mo.lower()], int(d)).weekday()]
        if real != wd.lower(): e.append(f'weekday mismatch: {wd} den {d}. {mo} {yr} is a {real}')
    if a['key_message_paragraph'] is None: e.append('no key message')
    if a['letter_type'] == 'indkaldelse' and not set(a['elements']['sanction_warning']) <= set(a['threat_paragraphs']): e.append('sanction_warning not in threats')
    if a['letter_type'] == 'vejledning_raadighed' and not set(a['elements']['consequences']) <= set(a['threat_paragraphs']): e.append('consequences not in threats')
    missing = [k for k, v in a['elements'].items() if not v]
    print(f"{os.path.basename(y):60s} paras={n:2d} LIX={lix(t):5.1f} missing={missing} {'OK' if not e else ''}")
    for x in e: print('   ERROR', x); errs += 1
print('errors:', errs)
