"use client";
import { useTransition } from "react";
import { Button } from "@/components/ui";
import { logoutAction } from "@/lib/modules/account/actions/logout";

export function LogoutButton() {
  const [pending, start] = useTransition();
  return (
    <Button variant="ghost" size="sm" pending={pending} onClick={() => start(() => logoutAction())}>
      Log out
    </Button>
  );
}
