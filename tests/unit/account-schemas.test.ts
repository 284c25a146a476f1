// The account forms' schemas: passwords typed twice must match; the avatar's initials.
import { describe, expect, it } from "vitest";
import { changePasswordSchema, initialsOf, resetPasswordSchema } from "@/lib/modules/account/schemas";

describe("account schemas", () => {
  it("refuses two different new passwords, on the repeat field", () => {
    const r = resetPasswordSchema.safeParse({ password: "long-enough-1", confirmPassword: "long-enough-2" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["confirmPassword"]);
    expect(
      resetPasswordSchema.safeParse({ password: "long-enough-1", confirmPassword: "long-enough-1" }).success,
    ).toBe(true);
    expect(
      changePasswordSchema.safeParse({
        currentPassword: "",
        password: "long-enough-1",
        confirmPassword: "long-enough-1",
      }).success,
    ).toBe(false);
  });

  it("takes the first and last name's first letters for the avatar, else the email's first", () => {
    expect(initialsOf("Morgan Lee", "m@x.test")).toBe("ML");
    expect(initialsOf("Ana María de la Cruz", "a@x.test")).toBe("AC");
    expect(initialsOf("cher", "c@x.test")).toBe("C");
    expect(initialsOf(null, "sam@hearth.test")).toBe("S");
    expect(initialsOf("  ", "zoe@x.test")).toBe("Z");
  });
});
