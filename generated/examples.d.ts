// Generated from the spec by packages/toolkit/lib/generate-operations.mjs. Do not edit.

/** The named examples of each operation, by status. */
export interface ExampleNames {
  "userFinancialDataRefresh": {
    200: "AllItemsRefreshed" | "SomeItemsFailed" | "NoItems";
    400: "MissingFields" | "InvalidField" | "InvalidBody" | "InvalidApiKeys" | "UserNotFound";
    429: "RateLimitExceeded";
    500: "InternalServerError";
    503: "PlannedMaintenance";
  };
}
