import json
import sys

from psp_qa.config import load_settings
from psp_qa.engine import Engine

e = Engine.open(load_settings())
convs = [json.loads(line) for line in sys.stdin]
for conv in convs:
    f = e.follow_up(conv[-1], conv[:-1])
    a = e.ask(conv[-1], conv[:-1])
    print(conv[-2:], "->", f.standalone, "|", f.topic[-1:], a.in_scope, a.hits[0].passage.section[-1][:40])
