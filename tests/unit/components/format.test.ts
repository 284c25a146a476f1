// One money rule for every list, board and header: whole dollars, whether the value came from a deal (string
// from Prisma's Decimal), a sum or a listing price.
import { describe, expect, it } from "vitest";
import { formatMoney, plural } from "@/components/ui/format";
import * as crm from "@/components/ui/format";
import * as transactions from "@/components/ui/format";

describe("formatMoney", () => {
  it("writes whole dollars, rounding to the nearest dollar", () => {
    expect(formatMoney("450000")).toBe("$450,000");
    expect(formatMoney("450000.49")).toBe("$450,000");
    expect(formatMoney("350000.50")).toBe("$350,001");
    expect(formatMoney(1234.5)).toBe("$1,235");
    expect(formatMoney(0)).toBe("$0");
  });

  it("shows a dash for no value and an unparseable value as it came", () => {
    expect(formatMoney(null)).toBe("—");
    expect(formatMoney(undefined)).toBe("—");
    expect(formatMoney("n/a")).toBe("n/a");
  });

  it("is the same function under the paths app/ still imports", () => {
    expect(crm.formatMoney).toBe(formatMoney);
    expect(transactions.formatMoney).toBe(formatMoney);
  });
});

describe("plural", () => {
  it("counts with a thousands separator and picks the form", () => {
    expect(plural(1, "deal")).toBe("1 deal");
    expect(plural(1200, "contact")).toBe("1,200 contacts");
  });
});
