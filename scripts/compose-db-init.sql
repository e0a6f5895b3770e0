-- The app's role: neither superuser nor BYPASSRLS, so row-level security binds it.
CREATE ROLE firmops LOGIN PASSWORD 'firmops' NOSUPERUSER NOBYPASSRLS;
ALTER DATABASE firmops OWNER TO firmops;
