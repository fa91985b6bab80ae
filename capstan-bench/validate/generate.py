"""Writes the validation benchmark's table: ROWS rows x 20 columns, seeded, with a few violations per check.
Usage: python3 generate.py ROWS OUT.csv"""
import random
import sys

rows, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(42)
categories = ["electronics", "books", "garden", "toys", "food"]
regions = ["north", "south", "east", "west"]
with open(out, "w", newline="") as f:
    f.write("id,age,income,score,tenure,visits,balance,rate,clicks,spend_a,spend_b,category,region,plan,"
            "email,signup,churn,ratio,zip,note\n")
    for i in range(rows):
        age = rnd.randint(18, 90) if rnd.random() > 0.0005 else 150
        income = "" if rnd.random() < 0.01 else f"{rnd.gauss(52000, 12000):.2f}"
        spend_b = rnd.randint(0, 500)
        note = rnd.choice(["ok", "call back", '"vip, priority"', "", "late payment"])
        f.write(f"C{i:07d},{age},{income},{rnd.random():.6f},{rnd.randint(0, 120)},{rnd.randint(0, 60)},"
                f"{rnd.uniform(-500, 20000):.2f},{rnd.uniform(0, 0.3):.4f},{rnd.randint(0, 1000)},"
                f"{spend_b + rnd.randint(0, 300)},{spend_b},{rnd.choice(categories)},{rnd.choice(regions)},"
                f"{rnd.choice(['basic', 'plus', 'pro'])},user{i}@example.com,"
                f"20{rnd.randint(15, 24)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d},"
                f"{int(rnd.random() < 0.2)},{rnd.random():.5f},{rnd.randint(10000, 99999)},{note}\n")
