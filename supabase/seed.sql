-- Demo data: the team "Wijkteam Voorbeeld" with a facilitator and four members.
-- Idempotent (inserts only what is missing), so every start may run it.
-- Passwords: the embedded and PostgreSQL modes set them at first start (scrypt, in the app);
-- on Supabase set them in the dashboard (Authentication → Users) or sign up fresh accounts.

insert into auth.users (id, instance_id, aud, role, email, email_confirmed_at,
                        raw_app_meta_data, raw_user_meta_data, is_anonymous, created_at, updated_at,
                        confirmation_token, recovery_token, email_change_token_new, email_change)
values
  ('d0000000-0000-4000-8000-000000000001', '00000000-0000-0000-0000-000000000000', 'authenticated',
   'authenticated', 'fenna@voorbeeld.nl', now(), '{"provider":"email","providers":["email"]}',
   '{"display_name":"Fenna de Vries"}', false, now(), now(), '', '', '', ''),
  ('d0000000-0000-4000-8000-000000000002', '00000000-0000-0000-0000-000000000000', 'authenticated',
   'authenticated', 'sanne@voorbeeld.nl', now(), '{"provider":"email","providers":["email"]}',
   '{"display_name":"Sanne Jansen"}', false, now(), now(), '', '', '', ''),
  ('d0000000-0000-4000-8000-000000000003', '00000000-0000-0000-0000-000000000000', 'authenticated',
   'authenticated', 'youssef@voorbeeld.nl', now(), '{"provider":"email","providers":["email"]}',
   '{"display_name":"Youssef El Amrani"}', false, now(), now(), '', '', '', ''),
  ('d0000000-0000-4000-8000-000000000004', '00000000-0000-0000-0000-000000000000', 'authenticated',
   'authenticated', 'ingrid@voorbeeld.nl', now(), '{"provider":"email","providers":["email"]}',
   '{"display_name":"Ingrid Bakker"}', false, now(), now(), '', '', '', ''),
  ('d0000000-0000-4000-8000-000000000005', '00000000-0000-0000-0000-000000000000', 'authenticated',
   'authenticated', 'mark@voorbeeld.nl', now(), '{"provider":"email","providers":["email"]}',
   '{"display_name":"Mark Visser"}', false, now(), now(), '', '', '', '')
on conflict (id) do nothing;

-- The creator becomes facilitator through the on_team_created trigger.
insert into app.teams (id, name, created_by, created_at)
values ('7ea70000-0000-4000-8000-000000000001', 'Wijkteam Voorbeeld',
        'd0000000-0000-4000-8000-000000000001', now() - interval '14 months')
on conflict (id) do nothing;

insert into app.team_members (team_id, user_id, role, joined_at)
select '7ea70000-0000-4000-8000-000000000001', u.id::uuid, 'member', now() - interval '13 months'
from (values ('d0000000-0000-4000-8000-000000000002'), ('d0000000-0000-4000-8000-000000000003'),
             ('d0000000-0000-4000-8000-000000000004'), ('d0000000-0000-4000-8000-000000000005')) as u(id)
on conflict (team_id, user_id) do nothing;

-- The creator's membership (made by the trigger) dates from when the team began.
update app.team_members m set joined_at = t.created_at
from app.teams t
where t.id = m.team_id and t.id = '7ea70000-0000-4000-8000-000000000001'
  and m.user_id = t.created_by and m.joined_at > t.created_at;

-- A year of history: four closed sessions of the demo team (12, 9, 5 and 1 month before the
-- first start), each with before and after positions of the five demo people, notes and
-- agreements. The story: on "zelf doen of overdragen", "toegang of casusregie" and "eigen kracht
-- of ingrijpen" the team converges; on "optreden of terugtreden" it drifts apart. Dates are
-- relative to the day the seed first runs; fixed ids make every later run a no-op. Sessions use
-- the newest built-in set, which the migrations install (20261204191000 and later).

insert into app.sessions (id, team_id, set_id, title, held_on, join_code, status, named_mode, ask_desired,
                             current_round, created_by, created_at, closed_at)
select v.id::uuid, '7ea70000-0000-4000-8000-000000000001', builtin.id, v.title, v.held_on, v.code, 'closed',
       false, v.ask_desired, v.rounds, 'd0000000-0000-4000-8000-000000000001',
       v.held_on + time '09:30', v.held_on + time '12:00'
from (values
  ('5e550000-0000-4000-8000-000000000001', 'Kennismaking met de dilemma’s',
   (current_date - interval '12 months')::date, 'DEMA24', false, 4),
  ('5e550000-0000-4000-8000-000000000002', 'Heidag: rol en veiligheid',
   (current_date - interval '9 months')::date, 'DEMB25', true, 5),
  ('5e550000-0000-4000-8000-000000000003', 'Teamoverleg: een half jaar verder',
   (current_date - interval '5 months')::date, 'DEMC26', true, 5),
  ('5e550000-0000-4000-8000-000000000004', 'Teamdag: een jaar later',
   (current_date - interval '1 month')::date, 'DEMD27', true, 6)
) as v(id, title, held_on, code, ask_desired, rounds)
cross join (select id from app.dilemma_sets where team_id is null order by version desc limit 1) as builtin
where exists (select 1 from app.teams where id = '7ea70000-0000-4000-8000-000000000001')
on conflict do nothing;

insert into app.session_rounds (id, session_id, position, dilemma_slug, phase, notes_md, agreements_md,
                                   notes_version, revealed_at)
select v.id::uuid, s.id, v.position, v.slug, 'done', v.notes, v.agreements, 1,
       s.created_at + v.position * interval '25 minutes'
from (values
  -- 1. Kennismaking (12 months ago): a wide spread nearly everywhere.
  ('c0000000-0000-4000-8000-000000000101', '5e550000-0000-4000-8000-000000000001', 1, 'zelf-doen-of-overdragen',
   'Grote spreiding. Youssef draagt snel over aan specialisten, Ingrid doet bijna alles zelf. Niemand wist dat het verschil zo groot was.',
   '- We bespreken in de casuïstiek voortaan expliciet *waarom* we overdragen.'),
  ('c0000000-0000-4000-8000-000000000102', '5e550000-0000-4000-8000-000000000001', 2, 'optreden-of-terugtreden',
   'Iedereen zit rond het midden: "het hangt ervan af". Weinig discussie.',
   ''),
  ('c0000000-0000-4000-8000-000000000103', '5e550000-0000-4000-8000-000000000001', 3, 'toegang-of-casusregie',
   'De toegang slokt tijd op; wie casusregie voert, voelt zich alleen staan.',
   '- Fenna zoekt uit hoeveel uur per week naar de inloop gaat.'),
  ('c0000000-0000-4000-8000-000000000104', '5e550000-0000-4000-8000-000000000001', 4, 'generalist-of-specialist',
   'Meer generalistisch dan verwacht. Youssef mist diepgang bij schulden.',
   ''),
  -- 2. Heidag (9 months ago), the first session that asks where people want to be.
  ('c0000000-0000-4000-8000-000000000201', '5e550000-0000-4000-8000-000000000002', 1, 'zelf-doen-of-overdragen',
   'De spreiding is kleiner dan bij de kennismaking. Het gesprek over *waarom* we overdragen helpt.',
   '- Overdragen gebeurt na een warme overdracht, nooit alleen op papier.'),
  ('c0000000-0000-4000-8000-000000000202', '5e550000-0000-4000-8000-000000000002', 2, 'optreden-of-terugtreden',
   'Na de melding in de Kastanjelaan lopen de meningen uiteen. Sanne wil het gezin meer ruimte geven, Youssef wil eerder optreden.',
   ''),
  ('c0000000-0000-4000-8000-000000000203', '5e550000-0000-4000-8000-000000000002', 3, 'toegang-of-casusregie',
   'We zitten nu meer in de casusregie dan we willen: gewenst ligt duidelijk links van nu.',
   '- Eén dagdeel per week inloop met twee collega''s, de rest houdt de agenda vrij voor regie.'),
  ('c0000000-0000-4000-8000-000000000204', '5e550000-0000-4000-8000-000000000002', 4, 'eigen-kracht-of-ingrijpen',
   'Ingrid en Youssef grijpen eerder in dan Sanne en Mark. Wat verstaan we onder eigen kracht?',
   ''),
  ('c0000000-0000-4000-8000-000000000205', '5e550000-0000-4000-8000-000000000002', 5, 'vertrouwelijkheid-of-informatie-delen',
   'School vraagt veel informatie. We delen soms meer dan het gezin weet.',
   '- We vragen ouders altijd eerst toestemming, behalve bij acute onveiligheid.'),
  -- 3. Half a year on (5 months ago).
  ('c0000000-0000-4000-8000-000000000301', '5e550000-0000-4000-8000-000000000003', 1, 'zelf-doen-of-overdragen',
   'Dichter bij elkaar. De warme overdracht werkt, al kost hij tijd.',
   ''),
  ('c0000000-0000-4000-8000-000000000302', '5e550000-0000-4000-8000-000000000003', 2, 'optreden-of-terugtreden',
   'De tegenstelling is scherper geworden. Twee kampen: eerder optreden (Youssef, Ingrid) en langer terugtreden (Sanne, Mark).',
   '- Bij twijfel over veiligheid overleggen we binnen een dag met z''n tweeën; niemand beslist alleen.'),
  ('c0000000-0000-4000-8000-000000000303', '5e550000-0000-4000-8000-000000000003', 3, 'toegang-of-casusregie',
   'De nieuwe verdeling van de inloop geeft lucht.',
   ''),
  ('c0000000-0000-4000-8000-000000000304', '5e550000-0000-4000-8000-000000000003', 4, 'generalist-of-specialist',
   'Stabiel. De schuldhulpverlener schuift nu eens per maand aan.',
   ''),
  ('c0000000-0000-4000-8000-000000000305', '5e550000-0000-4000-8000-000000000003', 5, 'eigen-kracht-of-ingrijpen',
   'Minder ver uit elkaar dan op de heidag.',
   ''),
  -- 4. A year later (1 month ago).
  ('c0000000-0000-4000-8000-000000000401', '5e550000-0000-4000-8000-000000000004', 1, 'zelf-doen-of-overdragen',
   'Bijna eensgezind: zelf doen waar het kan, bewust overdragen waar het moet.',
   '- De afspraak over de warme overdracht blijft staan.'),
  ('c0000000-0000-4000-8000-000000000402', '5e550000-0000-4000-8000-000000000004', 2, 'optreden-of-terugtreden',
   'Verder uit elkaar dan ooit, terwijl de mediaan niet beweegt. We praten er wel opener over.',
   '- Volgende teamdag een casus uit beide kampen naast elkaar leggen.'),
  ('c0000000-0000-4000-8000-000000000403', '5e550000-0000-4000-8000-000000000004', 3, 'toegang-of-casusregie',
   'Iedereen ziet het wijkteam nu vooral als casusregisseur, terwijl we laagdrempeliger willen zijn.',
   ''),
  ('c0000000-0000-4000-8000-000000000404', '5e550000-0000-4000-8000-000000000004', 4, 'generalist-of-specialist',
   'Generalistisch met specialisten dichtbij: daar staan we en daar willen we blijven.',
   ''),
  ('c0000000-0000-4000-8000-000000000405', '5e550000-0000-4000-8000-000000000004', 5, 'eigen-kracht-of-ingrijpen',
   'Dicht bij elkaar. Het gesprek over wat eigen kracht is, heeft gewerkt.',
   ''),
  ('c0000000-0000-4000-8000-000000000406', '5e550000-0000-4000-8000-000000000004', 6, 'vertrouwelijkheid-of-informatie-delen',
   'De toestemmingsafspraak wordt goed nageleefd; we delen iets meer dan een jaar geleden.',
   '')
) as v(id, session_id, position, slug, notes, agreements)
join app.sessions s on s.id = v.session_id::uuid
on conflict do nothing;

insert into app.session_participants (session_id, user_id, display_name, joined_at)
select s.id, u.id::uuid, u.name, s.created_at
from app.sessions s
cross join (values ('d0000000-0000-4000-8000-000000000001', 'Fenna'), ('d0000000-0000-4000-8000-000000000002', 'Sanne'),
                   ('d0000000-0000-4000-8000-000000000003', 'Youssef'), ('d0000000-0000-4000-8000-000000000004', 'Ingrid'),
                   ('d0000000-0000-4000-8000-000000000005', 'Mark')) as u(id, name)
where s.id in ('5e550000-0000-4000-8000-000000000001', '5e550000-0000-4000-8000-000000000002',
               '5e550000-0000-4000-8000-000000000003', '5e550000-0000-4000-8000-000000000004')
on conflict do nothing;

-- Values and desired values in the order Fenna, Sanne, Youssef, Ingrid, Mark.
insert into app.positions (round_id, user_id, stage, value, desired, updated_at)
select r.id, u.id::uuid, v.stage, x.value, x.desired,
       r.revealed_at - interval '5 minutes' + case v.stage when 'after' then interval '15 minutes' else interval '0 minutes' end
from (values
  (1, 'zelf-doen-of-overdragen', 'before', array[50, 25, 90, 10, 70], null::int[]),
  (1, 'zelf-doen-of-overdragen', 'after', array[50, 30, 80, 20, 60], null),
  (1, 'optreden-of-terugtreden', 'before', array[50, 55, 45, 60, 50], null),
  (1, 'optreden-of-terugtreden', 'after', array[50, 52, 48, 55, 50], null),
  (1, 'toegang-of-casusregie', 'before', array[40, 30, 80, 15, 65], null),
  (1, 'toegang-of-casusregie', 'after', array[40, 35, 70, 25, 60], null),
  (1, 'generalist-of-specialist', 'before', array[30, 20, 60, 25, 45], null),
  (1, 'generalist-of-specialist', 'after', array[30, 25, 55, 30, 40], null),
  (2, 'zelf-doen-of-overdragen', 'before', array[50, 35, 75, 25, 60], array[45, 35, 60, 30, 50]),
  (2, 'zelf-doen-of-overdragen', 'after', array[50, 40, 65, 30, 55], array[45, 40, 55, 35, 50]),
  (2, 'optreden-of-terugtreden', 'before', array[55, 70, 35, 45, 60], array[55, 80, 30, 40, 65]),
  (2, 'optreden-of-terugtreden', 'after', array[55, 62, 35, 45, 60], array[55, 80, 30, 40, 65]),
  (2, 'toegang-of-casusregie', 'before', array[50, 45, 75, 35, 60], array[30, 25, 40, 20, 35]),
  (2, 'toegang-of-casusregie', 'after', array[50, 50, 70, 40, 60], array[30, 25, 40, 20, 35]),
  (2, 'eigen-kracht-of-ingrijpen', 'before', array[40, 20, 70, 60, 30], array[35, 20, 50, 50, 30]),
  (2, 'eigen-kracht-of-ingrijpen', 'after', array[45, 30, 60, 55, 35], array[35, 25, 50, 50, 30]),
  (2, 'vertrouwelijkheid-of-informatie-delen', 'before', array[50, 30, 70, 40, 60], array[60, 40, 70, 50, 60]),
  (2, 'vertrouwelijkheid-of-informatie-delen', 'after', array[50, 35, 65, 45, 55], array[60, 40, 70, 50, 60]),
  (3, 'zelf-doen-of-overdragen', 'before', array[45, 40, 60, 35, 55], array[45, 40, 50, 40, 50]),
  (3, 'zelf-doen-of-overdragen', 'after', array[45, 42, 55, 40, 50], array[45, 40, 50, 40, 50]),
  (3, 'optreden-of-terugtreden', 'before', array[55, 85, 20, 30, 75], array[55, 85, 20, 25, 80]),
  (3, 'optreden-of-terugtreden', 'after', array[60, 85, 20, 30, 75], array[55, 85, 20, 25, 80]),
  (3, 'toegang-of-casusregie', 'before', array[55, 55, 70, 50, 60], array[35, 30, 45, 30, 40]),
  (3, 'toegang-of-casusregie', 'after', array[55, 58, 65, 55, 60], array[35, 30, 45, 30, 40]),
  (3, 'generalist-of-specialist', 'before', array[35, 25, 50, 30, 40], array[30, 20, 40, 25, 35]),
  (3, 'generalist-of-specialist', 'after', array[35, 30, 45, 30, 40], array[30, 20, 40, 25, 35]),
  (3, 'eigen-kracht-of-ingrijpen', 'before', array[45, 30, 60, 55, 40], array[40, 30, 50, 45, 35]),
  (3, 'eigen-kracht-of-ingrijpen', 'after', array[45, 35, 55, 50, 40], array[40, 30, 50, 45, 35]),
  (4, 'zelf-doen-of-overdragen', 'before', array[48, 45, 55, 40, 50], array[45, 40, 50, 40, 48]),
  (4, 'zelf-doen-of-overdragen', 'after', array[48, 47, 52, 45, 50], array[45, 40, 50, 42, 48]),
  (4, 'optreden-of-terugtreden', 'before', array[50, 90, 10, 20, 80], array[50, 90, 10, 15, 85]),
  (4, 'optreden-of-terugtreden', 'after', array[55, 90, 15, 20, 80], array[50, 90, 10, 15, 85]),
  (4, 'toegang-of-casusregie', 'before', array[60, 62, 65, 55, 60], array[35, 30, 40, 35, 40]),
  (4, 'toegang-of-casusregie', 'after', array[60, 62, 64, 58, 60], array[35, 30, 40, 35, 40]),
  (4, 'generalist-of-specialist', 'before', array[35, 30, 45, 30, 40], array[30, 25, 40, 30, 35]),
  (4, 'generalist-of-specialist', 'after', array[35, 32, 42, 32, 38], array[30, 25, 40, 30, 35]),
  (4, 'eigen-kracht-of-ingrijpen', 'before', array[45, 38, 52, 50, 42], array[40, 35, 45, 45, 40]),
  (4, 'eigen-kracht-of-ingrijpen', 'after', array[45, 40, 50, 48, 44], array[40, 35, 45, 45, 40]),
  (4, 'vertrouwelijkheid-of-informatie-delen', 'before', array[55, 45, 65, 50, 60], array[60, 50, 65, 55, 60]),
  (4, 'vertrouwelijkheid-of-informatie-delen', 'after', array[55, 48, 60, 52, 58], array[60, 50, 65, 55, 60])
) as v(session_no, slug, stage, vals, desireds)
join app.session_rounds r
  on r.session_id = ('5e550000-0000-4000-8000-00000000000' || v.session_no)::uuid and r.dilemma_slug = v.slug
cross join lateral unnest(v.vals, v.desireds) with ordinality as x(value, desired, i)
join (values (1, 'd0000000-0000-4000-8000-000000000001'), (2, 'd0000000-0000-4000-8000-000000000002'),
             (3, 'd0000000-0000-4000-8000-000000000003'), (4, 'd0000000-0000-4000-8000-000000000004'),
             (5, 'd0000000-0000-4000-8000-000000000005')) as u(i, id) on u.i = x.i
on conflict do nothing;

-- Sanne's journal: two private entries and one she shared with the team.
insert into app.reflections (id, author_id, dilemma_slug, set_id, body_md, value, desired, is_draft,
                                shared_with_team_id, shared_at, created_at, updated_at)
select v.id::uuid, 'd0000000-0000-4000-8000-000000000002', v.slug,
       (select id from app.dilemma_sets where team_id is null order by version desc limit 1), v.body, v.value, v.desired, false,
       case when v.shared then '7ea70000-0000-4000-8000-000000000001'::uuid end,
       case when v.shared then v.written + interval '1 day' end, v.written, v.written
from (values
  ('ef100000-0000-4000-8000-000000000001', 'optreden-of-terugtreden',
   (current_date - interval '9 months' + interval '3 days 20 hours 15 minutes')::timestamptz,
   E'Na de heidag blijft de Kastanjelaan door mijn hoofd gaan. Ik merk dat ik **terug wil treden** zodra een gezin zelf beweegt, ook als het spannend blijft.\n\nWat ik wil onthouden: terugtreden is iets anders dan loslaten.',
   75, 80, false),
  ('ef100000-0000-4000-8000-000000000002', 'optreden-of-terugtreden',
   (current_date - interval '5 months' + interval '2 days 19 hours 40 minutes')::timestamptz,
   E'In het teamoverleg zaten we in twee kampen, en ik zat duidelijk aan de kant van terugtreden.\n\nIk deel dit omdat ik wil uitleggen **waarom**: ouders die we te snel uit handen nemen, komen later terug met een grotere vraag. Ik hoor graag van Youssef en Ingrid welke signalen voor hen de doorslag geven.',
   85, 85, true),
  ('ef100000-0000-4000-8000-000000000003', 'zelf-doen-of-overdragen',
   (current_date - interval '3 weeks' + interval '21 hours 5 minutes')::timestamptz,
   E'Een jaar geleden droeg ik bijna alles over. Nu doe ik meer zelf, met de warme overdracht als vangnet.\n\n- zelf doen waar ik het gezin al ken\n- overdragen als de vraag echt specialistisch is',
   45, 40, false)
) as v(id, slug, written, body, value, desired, shared)
where exists (select 1 from auth.users where id = 'd0000000-0000-4000-8000-000000000002')
  and exists (select 1 from app.team_members
              where team_id = '7ea70000-0000-4000-8000-000000000001' and user_id = 'd0000000-0000-4000-8000-000000000002')
on conflict do nothing;

-- The Associatie Wijkteams: a demo network of fifteen teams, so the network dashboard has
-- something to show on the first start. Carla Mulder coordinates it. Fourteen generated teams
-- (their people have no password and cannot sign in) plus the demo team, which shares under its
-- own name. Every generated team met once a quarter for two years, each time on five of the
-- twenty dilemmas, so each year covers all twenty. Two teams are smaller than the threshold
-- (their cells are suppressed); one team was unanimous on one dilemma once (suppressed too).
-- Values come from hashtext(), not random(): the same seed gives the same network every time.

insert into auth.users (id, instance_id, aud, role, email, email_confirmed_at,
                        raw_app_meta_data, raw_user_meta_data, is_anonymous, created_at, updated_at,
                        confirmation_token, recovery_token, email_change_token_new, email_change)
values ('d0000000-0000-4000-8000-000000000006', '00000000-0000-0000-0000-000000000000', 'authenticated',
        'authenticated', 'carla@voorbeeld.nl', now(), '{"provider":"email","providers":["email"]}',
        '{"display_name":"Carla Mulder"}', false, now(), now(), '', '', '', '')
on conflict (id) do nothing;

insert into app.networks (id, name, description_md, min_contributors)
values ('4e770000-0000-4000-8000-000000000001', 'Associatie Wijkteams',
        'Het netwerk van wijkteams dat samen leert van de twintig dilemma''s. Teams delen hun '
        || 'resultaten alleen als ze daar zelf voor kiezen, en alleen als groepsuitkomst.', 5)
on conflict (id) do nothing;

insert into app.network_coordinators (network_id, user_id)
values ('4e770000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000006')
on conflict do nothing;

-- The fourteen teams live in a temporary table, so the statements that build them must run
-- inside one DO block: the Supabase CLI sends the seed as one batch and prepares every statement
-- before any runs, so a statement outside the block could not name a table made in it.
do $seed$
begin
  create temporary table seed_network_teams (no integer primary key, id uuid, name text, size integer,
                                             show_name boolean, reading text) on commit drop;
  insert into seed_network_teams
  select v.no, md5('werkplaats-seed-team-' || v.no)::uuid, v.name, v.size, v.show_name, v.reading
  from (values
    (1, 'Wijkteam Noord', 9, true, 'Wij werken in een wijk met veel jonge gezinnen en schuldenproblematiek. Dat we vaak **zelf doen**, past bij onze populatie; overdragen lukt pas na een warme overdracht.'),
    (2, 'Sociaal Team Oost', 12, true, ''),
    (3, 'Wijkteam Centrum', 7, false, ''),
    (4, 'Buurtteam Zuid', 11, true, 'Na de reorganisatie voeren we meer casusregie. Dat zie je terug: we schuiven op naar de regiekant.'),
    (5, 'Wijkteam Havenkwartier', 6, false, ''),
    (6, 'Team Jeugd & Gezin West', 14, true, ''),
    (7, 'Wijkteam Dorpen', 4, true, ''),
    (8, 'Sociaal Wijkteam Molenwijk', 8, false, ''),
    (9, 'Wijkteam De Bongerd', 10, false, ''),
    (10, 'Buurtteam Oud-Zuid', 5, true, 'We zijn een klein team. Wat hier staat, is het gesprek van vijf mensen: lees het als een richting, niet als beleid.'),
    (11, 'Wijkteam Stationsgebied', 13, false, ''),
    (12, 'Wijkteam Rivierenbuurt', 3, false, ''),
    (13, 'Sociaal Team Kanaleneiland', 9, true, ''),
    (14, 'Wijkteam Lindenhof', 7, false, '')
  ) as v(no, name, size, show_name, reading);

  insert into auth.users (id, instance_id, aud, role, email, raw_app_meta_data, raw_user_meta_data,
                          is_anonymous, created_at, updated_at,
                          confirmation_token, recovery_token, email_change_token_new, email_change)
  select md5('werkplaats-seed-person-' || t.no || '-' || p)::uuid, '00000000-0000-0000-0000-000000000000',
         'authenticated', 'authenticated', 'team' || t.no || '-lid' || p || '@voorbeeld.invalid',
         '{"provider":"email","providers":["email"]}',
         jsonb_build_object('display_name', 'Lid ' || p || ' van ' || t.name), false, now(), now(),
         '', '', '', ''
  from seed_network_teams t cross join generate_series(1, t.size) p
  on conflict (id) do nothing;

  -- Person 1 creates the team and so becomes its facilitator; the others join as members.
  insert into app.teams (id, name, created_by, created_at)
  select t.id, t.name, md5('werkplaats-seed-person-' || t.no || '-1')::uuid, now() - interval '26 months'
  from seed_network_teams t
  on conflict (id) do nothing;

  insert into app.team_members (team_id, user_id, role, joined_at)
  select t.id, md5('werkplaats-seed-person-' || t.no || '-' || p)::uuid, 'member', now() - interval '26 months'
  from seed_network_teams t cross join generate_series(2, t.size) p
  on conflict do nothing;

  -- No team-level reading any more: a reading ("duiding") belongs to one dilemma and period (below).
  insert into app.network_teams (network_id, team_id, sharing, show_name, label_no, interpretation_md, sharing_changed_at)
  select '4e770000-0000-4000-8000-000000000001'::uuid, t.id, true, t.show_name, t.no, '', now() - interval '25 months'
  from seed_network_teams t
  union all
  select '4e770000-0000-4000-8000-000000000001'::uuid, '7ea70000-0000-4000-8000-000000000001'::uuid, true, true, 15, '',
         now() - interval '13 months'
  where exists (select 1 from app.teams where id = '7ea70000-0000-4000-8000-000000000001')
  on conflict do nothing;

  -- Eight quarterly sessions per team, the newest a month ago; session q covers dilemmas
  -- 5q+1 … 5q+5 (mod 20) of the built-in set.
  insert into app.sessions (id, team_id, set_id, title, held_on, join_code, status, current_round,
                               created_by, created_at, closed_at)
  select md5('werkplaats-seed-session-' || t.no || '-' || q)::uuid, t.id, builtin.id,
         'Kwartaalsessie ' || q, (current_date - make_interval(months => 1 + 3 * (7 - q)))::date,
         -- Six characters of the join-code alphabet, unique per team and quarter (the session is closed).
         translate(upper(substr(md5('werkplaats-seed-code-' || t.no || '-' || q), 1, 6)), '01', 'XY'),
         'closed', 5, md5('werkplaats-seed-person-' || t.no || '-1')::uuid,
         now() - make_interval(months => 1 + 3 * (7 - q)), now() - make_interval(months => 1 + 3 * (7 - q))
  from seed_network_teams t
  cross join generate_series(0, 7) q
  cross join (select id from app.dilemma_sets where team_id is null order by version desc limit 1) as builtin
  on conflict do nothing;

  insert into app.session_rounds (id, session_id, position, dilemma_slug, phase, revealed_at)
  select md5('werkplaats-seed-round-' || t.no || '-' || q || '-' || k)::uuid,
         md5('werkplaats-seed-session-' || t.no || '-' || q)::uuid, k, d.slug, 'done', s.created_at
  from seed_network_teams t
  cross join generate_series(0, 7) q
  cross join generate_series(1, 5) k
  join app.sessions s on s.id = md5('werkplaats-seed-session-' || t.no || '-' || q)::uuid
  join lateral (
    select slug from app.dilemmas
    where set_id = s.set_id and lang = 'nl'
    order by slug offset (5 * q + k - 1) % 20 limit 1
  ) d on true
  on conflict do nothing;

  insert into app.session_participants (session_id, user_id, display_name, joined_at)
  select s.id, md5('werkplaats-seed-person-' || t.no || '-' || p)::uuid, 'Lid ' || p, s.created_at
  from seed_network_teams t
  cross join generate_series(0, 7) q
  join app.sessions s on s.id = md5('werkplaats-seed-session-' || t.no || '-' || q)::uuid
  cross join generate_series(1, t.size) p
  on conflict do nothing;

  -- A team leans on each dilemma (30–70), drifts a little per quarter; people scatter ±20 around it
  -- and move a third of the way to the team after the discussion. Team 9 once agreed completely.
  insert into app.positions (round_id, user_id, stage, value, updated_at)
  select r.id, sp.user_id, st.stage,
         case when t.no = 9 and q = 7 and r.position = 1 then 60
              when st.stage = 'before' then x.before
              else round(x.before + (x.lean - x.before) / 3.0)::integer end,
         s.created_at
  from seed_network_teams t
  cross join generate_series(0, 7) q
  join app.sessions s on s.id = md5('werkplaats-seed-session-' || t.no || '-' || q)::uuid
  join app.session_rounds r on r.session_id = s.id
  join app.session_participants sp on sp.session_id = s.id
  cross join (values ('before'), ('after')) st (stage)
  cross join lateral (
    select 30 + abs(hashtext(t.no || r.dilemma_slug)) % 41 + (q - 4) * (abs(hashtext(r.dilemma_slug)) % 5 - 2) as lean
  ) l
  cross join lateral (
    select l.lean,
           greatest(0, least(100, l.lean + abs(hashtext(sp.user_id::text || r.id::text)) % 41 - 20)) as before
  ) x
  on conflict do nothing;

  drop table seed_network_teams;
end
$seed$;

-- The network's cells of every closed session that has none yet (the close trigger does this for
-- sessions closed in the app; seeded sessions were inserted closed).
select private.refresh_network_cells(array(
  select s.id from app.sessions s
  where s.status = 'closed'
    and s.team_id in (select team_id from app.network_teams)
    and not exists (select 1 from app.network_cells c where c.session_id = s.id)));

-- Readings ("duiding") of named teams, each about the dilemma it discusses, in the latest year
-- the team has a result on it (migration 20261204130000: a reading shows only beside that result).
insert into app.network_readings (network_id, team_id, dilemma_slug, period_kind, period_start, body_md)
select '4e770000-0000-4000-8000-000000000001'::uuid, r.team_id, r.slug, 'year', y.period_start, r.body
from (values
  (md5('werkplaats-seed-team-1')::uuid, 'zelf-doen-of-overdragen',
   'Wij werken in een wijk met veel jonge gezinnen en schuldenproblematiek. Dat we vaak **zelf doen**, past bij onze populatie; overdragen lukt pas na een warme overdracht.'),
  (md5('werkplaats-seed-team-4')::uuid, 'toegang-of-casusregie',
   'Na de reorganisatie voeren we meer casusregie. Dat zie je terug: we schuiven op naar de regiekant.'),
  (md5('werkplaats-seed-team-10')::uuid, 'generalist-of-specialist',
   'We zijn een klein team. Wat hier staat, is het gesprek van vijf mensen: lees het als een richting, niet als beleid.'),
  ('7ea70000-0000-4000-8000-000000000001'::uuid, 'optreden-of-terugtreden',
   'Wij zijn een jong team; de spreiding bij **optreden of terugtreden** is voor ons een gespreksonderwerp, geen probleem.')
) as r (team_id, slug, body)
cross join lateral (
  select max(pc.period_start) as period_start from app.network_period_cells pc
  where pc.team_id = r.team_id and pc.dilemma_slug = r.slug and pc.period_kind = 'year'
) y
where y.period_start is not null
  and exists (select 1 from app.network_teams nt
              where nt.network_id = '4e770000-0000-4000-8000-000000000001' and nt.team_id = r.team_id)
on conflict do nothing;

-- A team that asked to join the Associatie Wijkteams and waits for Carla Mulder's decision
-- (migration 20261204180000: a coordinator lets teams in). It shares under its name once let in,
-- and has no sessions yet. One statement on its own, so that it prepares and runs whatever the
-- statements above did (the Supabase CLI prepares every statement of the seed before running any):
-- its person, its team (the creator becomes facilitator by trigger) and the request.
with person as (
  insert into auth.users (id, instance_id, aud, role, email, raw_app_meta_data, raw_user_meta_data,
                          is_anonymous, created_at, updated_at,
                          confirmation_token, recovery_token, email_change_token_new, email_change)
  values ('d0000000-0000-4000-8000-000000000007', '00000000-0000-0000-0000-000000000000', 'authenticated',
          'authenticated', 'sanne.wachtend@voorbeeld.invalid', '{"provider":"email","providers":["email"]}',
          '{"display_name":"Sanne de Wit"}', false, now(), now(), '', '', '', '')
  on conflict (id) do nothing
), team as (
  insert into app.teams (id, name, created_by, created_at)
  values ('7ea70000-0000-4000-8000-000000000002', 'Wijkteam Bloemenbuurt',
          'd0000000-0000-4000-8000-000000000007', now() - interval '3 weeks')
  on conflict (id) do nothing
)
insert into app.network_teams (network_id, team_id, sharing, show_name, label_no, interpretation_md,
                                  status, requested_at, sharing_changed_at)
select n.id, '7ea70000-0000-4000-8000-000000000002', true, true, private.next_label_no(n.id), '',
       'pending', now() - interval '2 days', now() - interval '2 days'
from app.networks n
where n.id = '4e770000-0000-4000-8000-000000000001'
on conflict do nothing;

-- Follow-ups (migration 20261204210000): three agreements of the demo team's latest session that
-- come back as the first step of its next session ("Hoe ging het met onze afspraken?"). One
-- statement on its own, reading only rows that exist by then, so it prepares in the CLI's batch.
insert into app.follow_ups (id, team_id, session_id, round_id, dilemma_slug, body, owner_user_id,
                               owner_name, due_on, created_by, created_at)
select v.id::uuid, s.team_id, s.id, r.id, r.dilemma_slug, v.body, v.owner::uuid, v.owner_name,
       (s.held_on + v.due_in * interval '1 day')::date, 'd0000000-0000-4000-8000-000000000001', s.closed_at
from (values
  ('f0110000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000401',
   'Bij elke nieuwe aanmelding vragen we eerst wat het gezin zelf al geprobeerd heeft.',
   'd0000000-0000-4000-8000-000000000002', null, 28),
  ('f0110000-0000-4000-8000-000000000002', 'c0000000-0000-4000-8000-000000000402',
   'Op de volgende teamdag een casus uit beide kampen naast elkaar leggen.',
   'd0000000-0000-4000-8000-000000000003', null, 42),
  ('f0110000-0000-4000-8000-000000000003', 'c0000000-0000-4000-8000-000000000406',
   'Het toestemmingsformulier aanpassen met de privacyfunctionaris.',
   null, 'Ingrid en de privacyfunctionaris', 60)
) as v(id, round_id, body, owner, owner_name, due_in)
join app.session_rounds r on r.id = v.round_id::uuid
join app.sessions s on s.id = r.session_id
on conflict do nothing;
