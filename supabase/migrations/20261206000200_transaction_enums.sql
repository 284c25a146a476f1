-- Enums for the transactions module's people, checklists, key dates, reviews and notifications (issue 12). Their own
-- migration: a value added to an existing enum can't be used in the transaction that adds it.

-- Task stages a buyer's or a tenant's side has (the first four are the seller's).
alter type public.task_category add value if not exists 'OFFER';
alter type public.task_category add value if not exists 'DUE_DILIGENCE';
alter type public.task_category add value if not exists 'FINANCING';
alter type public.task_category add value if not exists 'LEASING';

do $$ begin
  create type public.participant_role as enum (
  'BUYER', 'SELLER', 'LISTING_AGENT', 'BUYERS_AGENT', 'LENDER', 'TITLE_ESCROW', 'INSPECTOR', 'ATTORNEY',
  'TRANSACTION_COORDINATOR', 'TENANT', 'LANDLORD', 'OTHER'
);
exception when duplicate_object then null;
end $$;
do $$ begin
  create type public.key_date_kind as enum (
  'ACCEPTANCE', 'INSPECTION', 'APPRAISAL', 'FINANCING', 'CLOSING', 'POSSESSION', 'CUSTOM'
);
exception when duplicate_object then null;
end $$;
do $$ begin
  create type public.key_date_status as enum ('PENDING', 'MET', 'WAIVED');
exception when duplicate_object then null;
end $$;
do $$ begin
  create type public.template_item_kind as enum ('TASK', 'DOCUMENT');
exception when duplicate_object then null;
end $$;
do $$ begin
  create type public.review_status as enum ('NOT_SUBMITTED', 'PENDING', 'RETURNED', 'APPROVED');
exception when duplicate_object then null;
end $$;
do $$ begin
  create type public.notification_kind as enum (
  'TASK_ASSIGNED', 'CONTACT_ASSIGNED', 'DOCUMENT_RETURNED', 'DOCUMENT_APPROVED', 'REVIEW_REQUESTED',
  'KEY_DATE_SOON', 'TASKS_OVERDUE'
);
exception when duplicate_object then null;
end $$;
