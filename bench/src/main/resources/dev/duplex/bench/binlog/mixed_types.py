import random
r = random.Random(20)
print("""create database if not exists mixed;
create table mixed.types (
  id int unsigned not null auto_increment primary key,
  ti tinyint, su smallint unsigned, mi mediumint, bu bigint unsigned, bi bigint,
  de decimal(12,3), fl float, db double, bt bit(5),
  d date, t time(3), dt datetime(6), ts timestamp(2) null default null, y year,
  cl char(10) character set latin1, vu varchar(64) character set utf8mb4, tx text, bl blob,
  bn binary(4), vb varbinary(16), e enum('red','green','blue'), s set('a','b','c','d'),
  j json, nn int null
) engine=InnoDB;""")
words = ["plain", "héllo wörld", "日本語テキスト", "emoji 😀 ok", "quote \\\" back\\\\slash", "tab\there", "ascii only text"]
def row():
    return "(%d,%d,%d,%d,%d,%s,%r,%r,b'%s','%04d-%02d-%02d','%02d:%02d:%02d.%03d','2024-%02d-%02d %02d:%02d:%02d.%06d',%s,%d,'%s','%s','%s',x'%s',x'%s',x'%s','%s','%s','%s',%s)" % (
        r.randint(-128,127), r.randint(0,65535), r.randint(-8388608,8388607), r.randint(0,2**64-1), r.randint(-2**63,2**63-1),
        "%d.%03d" % (r.randint(-99999999,99999999), r.randint(0,999)), round(r.uniform(-1e6,1e6),2), r.uniform(-1e12,1e12),
        "".join(r.choice("01") for _ in range(5)),
        r.randint(1970,2037), r.randint(1,12), r.randint(1,28), r.randint(0,23), r.randint(0,59), r.randint(0,59), r.randint(0,999),
        r.randint(1,12), r.randint(1,28), r.randint(0,23), r.randint(0,59), r.randint(0,59), r.randint(0,999999),
        r.choice(["NULL", "'2021-06-0%d 10:11:12.34'" % r.randint(1,9)]), r.randint(1901,2155),
        r.choice(["abc", "caf\u00e9", "x"]), r.choice(words), " ".join(r.choice(words) for _ in range(r.randint(1,8))),
        bytes(r.randrange(256) for _ in range(r.randint(0,40))).hex(), bytes(r.randrange(256) for _ in range(r.randint(1,4))).hex(),
        bytes(r.randrange(256) for _ in range(r.randint(0,16))).hex(),
        r.choice(["red","green","blue"]), ",".join(sorted(r.sample("abcd", r.randint(0,4)))),
        '{"k": %d, "name": "%s", "list": [1, 2.5, null, true]}' % (r.randint(0,1000), r.choice(["a","b\u00e9"])),
        r.choice(["NULL", str(r.randint(0,100))]))
cols = "ti,su,mi,bu,bi,de,fl,db,bt,d,t,dt,ts,y,cl,vu,tx,bl,bn,vb,e,s,j,nn"
for i in range(300):
    print("insert into mixed.types (%s) values %s;" % (cols, row()))
for i in range(150):
    print("update mixed.types set vu='%s', de=de+1.5, nn=%s, bl=x'%s' where id=%d;" % (r.choice(words), r.choice(["NULL","7"]), bytes(r.randrange(256) for _ in range(5)).hex(), r.randint(1,300)))
for i in range(3):
    print("begin; " + " ".join("insert into mixed.types (%s) values %s;" % (cols, row()) for _ in range(10)) + " update mixed.types set ti=ti where id<=%d; delete from mixed.types where id between %d and %d; commit;" % (5, 10*i+1, 10*i+5))
