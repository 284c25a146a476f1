// What the component tests share: jsdom lacks the modal <dialog> methods, and forms toast their results.
import { fireEvent, render } from "@testing-library/react";
import type { ReactElement } from "react";
import { ToastProvider } from "@/components/ui";

/**
 * jsdom has <dialog> but not showModal()/close(); these do what the components rely on, including the
 * browser's move of focus to the dialog's first focusable element.
 */
export function installDialogPolyfill() {
  const proto = HTMLDialogElement.prototype;
  proto.showModal = function (this: HTMLDialogElement) {
    this.setAttribute("open", "");
    this.querySelector<HTMLElement>("input, select, textarea, button")?.focus();
  };
  proto.close = function (this: HTMLDialogElement) {
    if (!this.open) return;
    this.removeAttribute("open");
    this.dispatchEvent(new Event("close"));
  };
}

export function renderWithToasts(ui: ReactElement) {
  return render(<ToastProvider>{ui}</ToastProvider>);
}

/** A promise the test settles when it wants (an action still running). */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A click as a browser makes it: the button takes focus, then the click. */
export function press(button: HTMLElement) {
  button.focus();
  fireEvent.click(button);
}
