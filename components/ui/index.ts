// Hearth's design system: accessible, responsive primitives every page is built from.
export { Badge, type BadgeTone } from "./badge";
export { Button, buttonClasses, type ButtonProps } from "./button";
export { Card, CardHeader } from "./card";
export { Checkbox, type CheckboxProps } from "./checkbox";
export { cn } from "./cn";
export { ConfirmDialog } from "./confirm-dialog";
export { Dialog } from "./dialog";
export { DialogButton, type DialogState } from "./dialog-button";
export { EmptyState } from "./empty-state";
export { Field, controlClasses, splitFieldProps, type ControlProps, type FieldOwnProps } from "./field";
export { Input, type InputProps } from "./input";
export { Select, type SelectOption, type SelectProps } from "./select";
export { Skeleton, SkeletonRows } from "./skeleton";
export { TBody, THead, Table, Td, Th, Tr } from "./table";
export { Textarea, type TextareaProps } from "./textarea";
export { ToastProvider, useToast, type ToastTone } from "./toast";
