#!/bin/bash
# Reproductions of issue 17 (hostile input): each prints rc, seconds, max RSS and the first error code. Usage: bash evaluation/repro_issue17.sh [WORKDIR]
set -u
D=${1:-/tmp/r17}; mkdir -p $D; cd $D
run() { local name=$1; shift
  /usr/bin/time -f "%e %M" -o time.txt timeout 60 "$@" > out.txt 2> err.txt; rc=$?
  read secs kb < <(tail -1 time.txt)
  tb=$(grep -c Traceback err.txt out.txt | awk -F: '{s+=$2} END {print s}')
  code=$(grep -o -m1 '\b[LCA][1-4][0-9][0-9]\b' err.txt out.txt | head -1 | cut -d: -f2)
  printf "%-44s rc=%-3s %6ss %6s MB traceback=%s code=%s\n" "$name" "$rc" "$secs" "$((kb/1024))" "$tb" "$code"
}
python3 -c 'print("1234567890"*20000)' > d.txt
run "1a digits 200KB check" rewriter check d.txt
python3 -c 'print("{{"*100000)' > b.txt
run "1b {{*100000 check" rewriter check b.txt
python3 -c 'print("a"*50000 + "@" + "b."*20000)' > e.txt
run "1c email json" rewriter check e.txt --format json
run "1c email rewrite" rewriter rewrite e.txt
python3 - <<'P'
import zipfile
with zipfile.ZipFile("img.docx","w",zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml",'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    z.writestr("_rels/.rels",'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    z.writestr("word/document.xml",'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Du skal møde hos os mandag den 7. december 2026 kl. 10.00.</w:t></w:r></w:p></w:body></w:document>')
    with z.open("word/media/image1.png","w",force_zip64=True) as f:
        chunk=b"\0"*(1<<20)
        for _ in range(1024): f.write(chunk)
P
run "2 1GiB hidden image rewrite -o docx" rewriter rewrite img.docx -o ud.docx
run "2b check output again" rewriter check ud.docx
python3 - <<'P'
import zipfile
hdr='<?xml version="1.0"?><w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' + '<w:p><w:r><w:t>x</w:t></w:r></w:p>'*2000000 + '</w:hdr>'
with zipfile.ZipFile("hdr.docx","w",zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml",'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("word/document.xml",'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hej</w:t></w:r></w:p></w:body></w:document>')
    for i in range(30): z.writestr(f"word/header{i}.xml", hdr)
P
run "3 30 x 66MB headers check" rewriter check hdr.docx
python3 - <<'P'
import zipfile
doc='<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + '<w:p/>'*10000000 + '</w:body></w:document>'
with zipfile.ZipFile("empty.docx","w",zipfile.ZIP_STORED) as z:
    z.writestr("[Content_Types].xml",'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("word/document.xml",doc)
P
run "3b 10M empty paragraphs check" rewriter check empty.docx
run "3b 10M empty paragraphs rewrite" rewriter rewrite empty.docx -o e2.docx
printf 'x' > '=2+5.txt'; mkdir -p inj && mv '=2+5.txt' inj/ && printf 'Du skal møde.' > "inj/+SUM(1+1)*cmd|' -C calc'!A0.txt" && printf 'Hej' > 'inj/@SUM(1+1).txt'
run "5 csv injection audit" rewriter audit inj --db a.sqlite --csv a.csv
echo "   csv cells starting with = + - @: $(python3 -c "import csv;print(sum(1 for r in csv.reader(open('a.csv')) for c in r if c[:1] in '=+-@\t\r'))")"
mkdir -p z && printf 'Du skal møde mandag den 7. december 2026 kl. 10.00.' > z/a.txt && (cd z && python3 -c "
import zipfile
with zipfile.ZipFile('../dot.zip','w') as zz:
    zz.write('a.txt','./a.txt'); zz.write('a.txt','./b/a.txt'); zz.writestr('./b/a.txt','Du skal møde.')
")
run "7 ./ names zip audit" rewriter audit dot.zip --db a2.sqlite
python3 -c 'print("Du indkaldes til samtale. "*12)' | tr -d '\n' > oneline.txt
run "10 long one line as text (python)" python3 -c "import rewriter;rewriter.check(open('oneline.txt').read())"
truncate -s 3G sparse.txt
run "11 3GB sparse rewrite" rewriter rewrite sparse.txt
run "11b 1.5GB stdin check" bash -c 'head -c 1500000000 /dev/zero | rewriter check -'
printf 'kontrol \x01 tegn. Du skal møde mandag den 7. december 2026 kl. 10.00.\n' > ctl.txt
run "9 control char -o docx" rewriter rewrite ctl.txt -o ctl.docx
run "9b output opens again" rewriter check ctl.docx
run "12 -o missing/x.docx" rewriter rewrite ctl.txt -o missing/x.docx
mkdir -p folder.docx
run "12 -o folder.docx" rewriter rewrite ctl.txt -o folder.docx
rm -f fifo; mkfifo fifo
run "12 FIFO check" rewriter check fifo
run "12 --max-chars 0" rewriter check ctl.txt --max-chars 0
