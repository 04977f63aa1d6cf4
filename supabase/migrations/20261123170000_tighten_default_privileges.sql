-- Supabase grants every new table and function in public to anon and authenticated by default
-- (our shim does not, so PGlite and PostgreSQL already start closed). Make Supabase match: the
-- visitor who is not signed in may call only what a public page needs, and may read only the
-- dilemma sets (which RLS then limits to the built-in one).

revoke all on all tables in schema public from anon;
grant select on public.dilemma_sets, public.dilemmas to anon;

revoke execute on all functions in schema public from anon;
grant execute on function public.dilemma_library(text, uuid), public.dilemma_detail(text, text, uuid),
  public.invite_preview(text), public.join_preview(text) to anon;

revoke all on all sequences in schema public from anon;

-- Future objects start closed too (applies to objects created by the role running migrations).
alter default privileges in schema public revoke all on tables from anon;
alter default privileges in schema public revoke execute on functions from anon;
alter default privileges in schema public revoke execute on functions from public;
