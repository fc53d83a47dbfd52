-- The audit log is append-only: no row may be changed or removed, by anyone, through any path.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditLog is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_no_update_or_delete
  BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Every decision carries a reason.
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_decision_has_reason"
  CHECK ("category" <> 'decision' OR ("reason" IS NOT NULL AND length(btrim("reason")) > 0));

-- ancestorIds lists the ancestors from the root and ends with the organisation itself.
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_ancestors_end_with_self"
  CHECK (cardinality("ancestorIds") >= 1 AND "ancestorIds"[cardinality("ancestorIds")] = "id");

-- User names are stored lower-case; rooms hold someone; windows open before they close.
ALTER TABLE "User" ADD CONSTRAINT "User_username_lower" CHECK ("username" = lower("username"));
ALTER TABLE "Room" ADD CONSTRAINT "Room_capacity_positive" CHECK ("capacity" > 0);
ALTER TABLE "BatchWindow" ADD CONSTRAINT "BatchWindow_opens_before_closes" CHECK ("opensAt" < "closesAt");
