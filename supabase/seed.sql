-- Demo data: the team "Wijkteam Voorbeeld" with a facilitator and four members.
-- Idempotent (inserts only what is missing), so every start may run it.
-- Passwords: the embedded and PostgreSQL modes set them at first start (scrypt, in the app);
-- on Supabase set them in the dashboard (Authentication → Users) or sign up fresh accounts.

insert into auth.users (id, instance_id, aud, role, email, email_confirmed_at,
                        raw_app_meta_data, raw_user_meta_data, is_anonymous, created_at, updated_at)
values
  ('d0000000-0000-4000-8000-000000000001', '00000000-0000-0000-0000-000000000000', 'authenticated',
   'authenticated', 'fenna@voorbeeld.nl', now(), '{"provider":"email","providers":["email"]}',
   '{"display_name":"Fenna de Vries"}', false, now(), now()),
  ('d0000000-0000-4000-8000-000000000002', '00000000-0000-0000-0000-000000000000', 'authenticated',
   'authenticated', 'sanne@voorbeeld.nl', now(), '{"provider":"email","providers":["email"]}',
   '{"display_name":"Sanne Jansen"}', false, now(), now()),
  ('d0000000-0000-4000-8000-000000000003', '00000000-0000-0000-0000-000000000000', 'authenticated',
   'authenticated', 'youssef@voorbeeld.nl', now(), '{"provider":"email","providers":["email"]}',
   '{"display_name":"Youssef El Amrani"}', false, now(), now()),
  ('d0000000-0000-4000-8000-000000000004', '00000000-0000-0000-0000-000000000000', 'authenticated',
   'authenticated', 'ingrid@voorbeeld.nl', now(), '{"provider":"email","providers":["email"]}',
   '{"display_name":"Ingrid Bakker"}', false, now(), now()),
  ('d0000000-0000-4000-8000-000000000005', '00000000-0000-0000-0000-000000000000', 'authenticated',
   'authenticated', 'mark@voorbeeld.nl', now(), '{"provider":"email","providers":["email"]}',
   '{"display_name":"Mark Visser"}', false, now(), now())
on conflict (id) do nothing;

-- The creator becomes facilitator through the on_team_created trigger.
insert into public.teams (id, name, created_by, created_at)
values ('7ea70000-0000-4000-8000-000000000001', 'Wijkteam Voorbeeld',
        'd0000000-0000-4000-8000-000000000001', now() - interval '14 months')
on conflict (id) do nothing;

insert into public.team_members (team_id, user_id, role, joined_at)
select '7ea70000-0000-4000-8000-000000000001', u.id::uuid, 'member', now() - interval '13 months'
from (values ('d0000000-0000-4000-8000-000000000002'), ('d0000000-0000-4000-8000-000000000003'),
             ('d0000000-0000-4000-8000-000000000004'), ('d0000000-0000-4000-8000-000000000005')) as u(id)
on conflict (team_id, user_id) do nothing;
