-- The private Storage bucket for transaction documents. Objects are ciphertext written by the app with the
-- service role under <organization_id>/transactions/<loop_id>/<document_id>; the storage.objects policies
-- for this bucket are in 20261122000200_rls_and_tenancy.sql.
insert into storage.buckets (id, name, public) values ('documents', 'documents', false) on conflict do nothing;
