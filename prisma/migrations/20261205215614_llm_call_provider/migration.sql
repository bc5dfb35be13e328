-- Which configured provider answered: the first ("primary") or LLM_FALLBACK_* ("fallback").
-- Added in place (no table rebuild): every call recorded so far was the first provider's.
ALTER TABLE "LlmCall" ADD COLUMN "provider" TEXT NOT NULL DEFAULT 'primary';
