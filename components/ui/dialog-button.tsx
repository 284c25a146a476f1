"use client";
// A button that opens a dialog: the open state lives here, the dialog gets `open` and `onClose`.
import { useState, type ReactNode } from "react";
import { Button, type ButtonProps } from "./button";

export interface DialogState {
  open: boolean;
  onClose: () => void;
}

export function DialogButton({
  dialog,
  ...button
}: Omit<ButtonProps, "onClick"> & { dialog: (state: DialogState) => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button {...button} onClick={() => setOpen(true)} />
      {dialog({ open, onClose: () => setOpen(false) })}
    </>
  );
}
