// TEMPORARY (lead): replaced by npm run generate once the controls branch lands.

export interface paths {
    "/_sandbox/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Forget sandbox data
         * @description With a partner key: forgets that partner's orgs, org API keys, login links, rate-limit
         *     windows, clock offset and request journal; other partners are untouched. With the admin
         *     token: forgets everything. No request body.
         */
        post: operations["resetSandbox"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_sandbox/clock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move the partner clock forward
         * @description Moves the calling partner's sandbox clock forward by `advance_seconds`: its login-link
         *     expiry, rate-limit windows and `created_at` follow it; other partners' clocks do not move.
         *     `advance_seconds: 0` reads the clock. With the admin token, `partner_id` names whose clock
         *     (`400` without it, `404` for an unknown partner); with a partner key `partner_id` must be
         *     absent.
         */
        post: operations["advanceSandboxClock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_sandbox/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the partner request journal
         * @description The calling partner's request journal, newest first: every Partner API request the sandbox
         *     attributed to this partner, with the client IP it derived and, for a refusal, the layer that
         *     refused it. A request whose key identifies a partner (a revoked key, an inactive partner) is
         *     journaled to that partner; an unknown key is journaled nowhere. Bounded per partner (the
         *     last 500 by default, config `journal_size`), oldest dropped. Secrets (Authorization values,
         *     org API keys, login tokens, integration credentials) are never stored.
         *
         *     Page with `before`: pass the `next_before` of the previous page.
         */
        get: operations["listSandboxRequests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_sandbox/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Show the partner sandbox state
         * @description What the sandbox page shows: the calling partner's orgs (the newest 100), open login links
         *     (never their tokens), rate-limit use per policy, quota use, and its sandbox clock. Reading it
         *     spends no rate-limit budget and is not journaled.
         */
        get: operations["getSandboxOverview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_sandbox/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check the sandbox and its storage
         * @description `200` when the storage engine answers, `503` (with `Retry-After`) when it does not. Needs no
         *     key: point a load balancer's health check here.
         */
        get: operations["getSandboxHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_sandbox/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read the metrics
         * @description Prometheus text exposition (prom-client): requests by operation and status, a latency
         *     histogram, and the storage pool's connections in use, idle and waiting. Needs the admin
         *     token.
         */
        get: operations["getSandboxMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_sandbox/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open the sandbox page
         * @description One self-contained page (no CDN): paste a partner key (kept in `sessionStorage` only) to see
         *     the partner's orgs, open login links, rate-limit use, clock and request journal, and to reset
         *     its data or move its clock. Served with a strict Content-Security-Policy; its script and
         *     stylesheet come from `getSandboxPageAsset`.
         */
        get: operations["getSandboxPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_sandbox/assets/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Fetch a file of the sandbox page
         * @description The page's script and stylesheet.
         */
        get: operations["getSandboxPageAsset"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description The body of every error response. */
        ErrorResponse: {
            /** @description The HTTP status code, repeated. */
            statusCode: number;
            /** @description What went wrong. Validation errors list every problem found. */
            message: string | string[];
            /** @description The HTTP reason phrase, such as `Bad Request`. */
            error?: string;
        };
        ResetResult: {
            /**
             * @description Always true.
             * @constant
             */
            reset: true;
            /**
             * @description `partner`: one partner's data (a partner key); `all`: everything (the admin token).
             * @enum {string}
             */
            scope: "partner" | "all";
            /** @description The partner whose data was forgotten; null for `all`. */
            partner_id: string | null;
        };
        AdvanceClockRequest: {
            /** @description Seconds to move the clock forward (up to ten years); 0 reads it. */
            advance_seconds: number;
            /** @description Whose clock, with the admin token only. */
            partner_id?: string;
        };
        SandboxClock: {
            /** @description The partner whose clock this is. */
            partner_id: string;
            /**
             * Format: date-time
             * @description The partner's sandbox time (RFC 3339, UTC, milliseconds).
             */
            now: string;
            /** @description How far the partner's clock is ahead of the wall clock. */
            offset_seconds: number;
        };
        /**
         * @description Which layer refused the request, in the documented order of checks: `auth` (401), `ip` (403,
         *     allow list), `rate_limit` (429), `validation` (400, 413, 415), `ownership` (403, org not
         *     owned), `not_found` (404), `conflict` (409), `quota` (a sandbox quota), `unavailable` (503).
         *     Null for a request that succeeded.
         * @enum {string|null}
         */
        RefusingLayer: "auth" | "ip" | "rate_limit" | "validation" | "ownership" | "not_found" | "conflict" | "quota" | "unavailable" | null;
        JournalEntry: {
            /** @description Increasing per partner; the `before` cursor. */
            seq: number;
            /**
             * Format: date-time
             * @description When the sandbox received the request, on the partner's clock.
             */
            at: string;
            /** @description The answer's `X-Request-Id` (the caller's own, when it sent a well-formed one). */
            request_id: string;
            /** @description The HTTP method. */
            method: string;
            /** @description The document's path template, such as `/partner/v1/orgs/{orgId}/api-keys` (never the ids). */
            path: string;
            /** @description The Partner API operation, or null for a path that is none. */
            operation_id: string | null;
            /** @description The HTTP status answered. */
            status: number;
            /** @description Time to answer, in milliseconds. */
            duration_ms: number;
            /** @description The client IP the sandbox derived (peer address, or X-Forwarded-For through a trusted proxy). */
            client_ip: string | null;
            refused_by: components["schemas"]["RefusingLayer"];
            /** @description The error message of a refusal, as answered; null for a success. */
            message: null | string | string[];
        };
        JournalPage: {
            /** @description Newest first. */
            data: components["schemas"]["JournalEntry"][];
            /** @description Pass as `before` for the next (older) page; null when there is none. */
            next_before: number | null;
        };
        OpenLoginLink: {
            /**
             * Format: uuid
             * @description The org the link signs into.
             */
            org_id: string;
            /** @description The user's email. */
            email: string;
            /** @description The user's display name. */
            name: string;
            /**
             * Format: date-time
             * @description When the link expires (partner clock).
             */
            expires_at: string;
        };
        RatePolicyUse: {
            /** @description The policy's name, as in the `RateLimit-Policy` header. */
            policy: string;
            /** @description Requests allowed per window. */
            limit: number;
            /** @description The window's length. */
            window_seconds: number;
            /** @description Requests counted in the current window. */
            used: number;
            /**
             * Format: date-time
             * @description When the current window ends; null when no window is open.
             */
            resets_at: string | null;
        };
        QuotaFigures: {
            /** @description Orgs. */
            orgs: number;
            /** @description Live (unused, unexpired) login links. */
            login_links: number;
            /** @description Bytes of stored data (the JSON of every org, key and link). */
            stored_bytes: number;
        };
        SandboxOverview: {
            /** @description The calling partner. */
            partner: {
                /** @description The partner's id in the sandbox config. */
                id: string;
                /** @description The partner's display name. */
                name: string;
            };
            /**
             * Format: date-time
             * @description The partner's sandbox time.
             */
            now: string;
            /** @description How far the partner's clock is ahead of the wall clock. */
            clock_offset_seconds: number;
            /** @description The newest 100 orgs, newest first, and how many there are. */
            orgs: {
                /** @description Newest first. */
                data: components["schemas"]["Org"][];
                /** @description All the partner's orgs. */
                total: number;
            };
            /** @description Unused, unexpired login links, soonest to expire first. */
            open_login_links: components["schemas"]["OpenLoginLink"][];
            /** @description Each policy in force for the partner. */
            rate_limits: components["schemas"]["RatePolicyUse"][];
            usage: components["schemas"]["QuotaFigures"];
            quotas: components["schemas"]["QuotaFigures"];
        };
        Health: {
            /**
             * @description `ok` when the storage engine answers.
             * @enum {string}
             */
            status: "ok" | "unavailable";
            /**
             * @description The storage engine in use.
             * @enum {string}
             */
            engine: "memory" | "sqlite" | "postgres";
        };
        /** @description One of your orgs. */
        Org: {
            /**
             * Format: uuid
             * @description The org's UUID.
             */
            id: string;
            /** @description The org's display name. */
            name: string;
            /** @description Widget embed token. Pass it to the chat widget. */
            widget_token: string;
            /** @description Your `external_id` for the org; `null` when none was given. */
            external_id: string | null;
            /**
             * Format: date-time
             * @description When the org was created, RFC 3339 in UTC with milliseconds.
             */
            created_at: string;
        };
    };
    responses: {
        /** @description The query or body breaks this document; every problem is listed. */
        BadRequest: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The partner key (or admin token) is missing, malformed, unknown or revoked, or the partner is inactive. */
        Unauthorized: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The caller's IP is outside the partner's IP allow list. */
        Forbidden: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description No such partner (admin `partner_id`) or file. */
        NotFound: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The sandbox's database does not answer; retry after `Retry-After` seconds. */
        Unavailable: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: {
        /**
         * @description An id for this request. Quote it when you contact OpenCX about a failed call.
         * @example req_7f3a9c2e1b4d
         */
        RequestId: string;
        /**
         * @description Seconds to wait before the next request (RFC 9110 delay-seconds).
         * @example 42
         */
        RetryAfter: number;
    };
    pathItems: never;
}
export type ErrorResponse = components['schemas']['ErrorResponse'];
export type ResetResult = components['schemas']['ResetResult'];
export type AdvanceClockRequest = components['schemas']['AdvanceClockRequest'];
export type SandboxClock = components['schemas']['SandboxClock'];
export type RefusingLayer = components['schemas']['RefusingLayer'];
export type JournalEntry = components['schemas']['JournalEntry'];
export type JournalPage = components['schemas']['JournalPage'];
export type OpenLoginLink = components['schemas']['OpenLoginLink'];
export type RatePolicyUse = components['schemas']['RatePolicyUse'];
export type QuotaFigures = components['schemas']['QuotaFigures'];
export type SandboxOverview = components['schemas']['SandboxOverview'];
export type Health = components['schemas']['Health'];
export type Org = components['schemas']['Org'];
export type ResponseBadRequest = components['responses']['BadRequest'];
export type ResponseUnauthorized = components['responses']['Unauthorized'];
export type ResponseForbidden = components['responses']['Forbidden'];
export type ResponseNotFound = components['responses']['NotFound'];
export type ResponseUnavailable = components['responses']['Unavailable'];
export type HeaderRequestId = components['headers']['RequestId'];
export type HeaderRetryAfter = components['headers']['RetryAfter'];
export type $defs = Record<string, never>;
export interface operations {
    resetSandbox: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The data is gone. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResetResult"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    advanceSandboxClock: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdvanceClockRequest"];
            };
        };
        responses: {
            /** @description The partner's clock after the move. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SandboxClock"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    listSandboxRequests: {
        parameters: {
            query?: {
                /** @description How many entries to return. */
                limit?: number;
                /** @description Only entries older than this cursor (`seq`), from `next_before`. */
                before?: number;
                /** @description Only entries with this HTTP status. */
                status?: number;
                /** @description Only entries of this Partner API operation, by operationId. */
                operation_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of the journal, newest first. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JournalPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    getSandboxOverview: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The partner's sandbox state. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SandboxOverview"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    getSandboxHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sandbox and its storage answer. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description The storage engine does not answer. */
            503: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    getSandboxMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metrics. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example # HELP sandbox_requests_total Partner API requests by operation and status.
                     *     # TYPE sandbox_requests_total counter
                     *     sandbox_requests_total{operation="createOrg",status="201"} 3
                     */
                    "text/plain": string;
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    getSandboxPage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    getSandboxPageAsset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The file's name. */
                file: "page.js" | "page.css";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "text/javascript": string;
                    "text/css": string;
                };
            };
            404: components["responses"]["NotFound"];
        };
    };
}
