"use client";
// A member's notification choices in one organization: which kinds to hear about (unticking mutes a kind, in the
// centre and in the digest) and the daily digest mail.
import { useRouter } from "next/navigation";
import { ActionForm } from "@/components/forms/action-form";
import { FormCheckbox } from "@/components/forms/fields";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui";
import { updateNotificationPreferencesAction } from "@/lib/modules/notifications/actions/update-notification-preferences";
import {
  mutedKinds,
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  notificationPreferencesFormSchema,
  type NotificationPreferencesFormInput as FormValues,
  type NotificationPreferencesView,
} from "@/lib/modules/notifications/schemas";

export function NotificationPreferencesForm({
  organization,
  preferences,
}: {
  organization: string;
  preferences: NotificationPreferencesView;
}) {
  const router = useRouter();
  const { form, onSubmit, formError, pending } = useActionForm<FormValues, NotificationPreferencesView>({
    schema: notificationPreferencesFormSchema,
    action: ({ heard, ...rest }) =>
      updateNotificationPreferencesAction({ ...rest, muted: mutedKinds(heard) }),
    defaultValues: {
      organization,
      heard: NOTIFICATION_KINDS.filter((k) => !preferences.muted.includes(k)),
      dailyDigest: preferences.dailyDigest,
    },
    successMessage: "Notification settings saved",
    onSuccess: () => router.refresh(),
  });
  return (
    <ActionForm form={form} onSubmit={onSubmit} label="Notification settings" className="flex flex-col gap-6">
      <FormError message={formError} />
      <fieldset className="flex flex-col gap-3">
        <legend className="mb-2 text-sm font-semibold">Tell me when…</legend>
        {NOTIFICATION_KINDS.map((kind) => (
          <FormCheckbox
            key={kind}
            form={form}
            name="heard"
            value={kind}
            label={NOTIFICATION_KIND_LABELS[kind]}
          />
        ))}
      </fieldset>
      <fieldset className="flex flex-col gap-3">
        <legend className="mb-2 text-sm font-semibold">Daily digest</legend>
        <FormCheckbox
          form={form}
          name="dailyDigest"
          label="Email me a daily digest"
          hint="Once a day: your unread notifications, key dates in the next 3 days and overdue tasks. Nothing to report, no mail."
        />
      </fieldset>
      <Button type="submit" pending={pending} className="self-start">
        Save
      </Button>
    </ActionForm>
  );
}
