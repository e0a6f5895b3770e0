-- Two roles, neither superuser nor BYPASSRLS, so row-level security binds both:
-- firmops_owner owns the database and every table (the `migrate` service connects as it);
-- firmops is the app's role: it gets rows, never tables (granted after each migrate, firmops/tenancy/dbroles.py).
CREATE ROLE firmops_owner LOGIN PASSWORD 'firmops_owner' NOSUPERUSER NOBYPASSRLS;
CREATE ROLE firmops LOGIN PASSWORD 'firmops' NOSUPERUSER NOBYPASSRLS;
ALTER DATABASE firmops OWNER TO firmops_owner;
-- (Runs inside the firmops database.) The public schema: the app may use it, not create in it.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
