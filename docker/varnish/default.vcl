# Varnish 7 in front of an IsrMiddleware site.
#
# - Caches what the origin allows: s-maxage (or max-age) is the TTL, stale-while-revalidate is grace, so a stale
#   page is answered at once while Varnish fetches the new one in the background.
# - Indexes every object by the surrogate keys in the origin's `xkey` header (vmod xkey from varnish-modules):
#   the page's tags and its path key. `AddVarnishInvalidator` sends `PURGE` with `xkey-softpurge: k1 k2 ...`.
# - Accepts PURGE only from the `purgers` ACL below (localhost by default).
# - Never caches a preview: a request with the preview cookie is passed to the origin untouched.
# - Assembles live holes with ESI: it says it can (Surrogate-Capability), the origin then answers a page with holes
#   as its cacheable shell with <esi:include> tags, and each hole is fetched per request from /_isr/holes/ (never
#   cached, with the client's cookies). The assembled page leaves as private: it holds one visitor's holes.
vcl 4.1;

import std;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "5080";
    .connect_timeout = 5s;
    .first_byte_timeout = 60s;
}

# Who may purge. Add the addresses of the site's instances here.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }

        if (req.http.xkey-softpurge) {
            set req.http.x-purged = xkey.softpurge(req.http.xkey-softpurge);
            return (synth(200, "Soft-purged " + req.http.x-purged + " objects"));
        }

        if (req.http.xkey-purge) {
            set req.http.x-purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.x-purged + " objects"));
        }

        # No key: purge the URL itself.
        return (purge);
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }

    # A preview (draft mode) is rendered live for its editor: never looked up, never stored.
    if (req.http.Cookie ~ "(^|;\s*)isr-preview=") {
        return (pass);
    }

    if (req.http.Authorization) {
        return (pass);
    }

    # A live hole, included into a cached shell: per visitor, so passed with the client's cookies.
    if (req.url ~ "^/_isr/holes/") {
        return (pass);
    }

    # The origin answers a page with live holes as an ESI shell, cached like any page.
    if (req.esi_level == 0) {
        set req.http.Surrogate-Capability = {"varnish="ESI/1.0""};
    }

    # Static pages never depend on cookies: renders carry none.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Surrogate-Control ~ "ESI/1.0") {
        unset beresp.http.Surrogate-Control;
        set beresp.do_esi = true;
        set beresp.http.x-isr-esi = "1";
    }

    # Cache only what the origin says may be cached by a shared cache.
    if (beresp.http.Cache-Control !~ "(s-maxage|max-age)=[1-9]"
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }

    # stale-while-revalidate=N: serve the stale page up to N seconds while one background fetch runs.
    if (beresp.http.Cache-Control ~ "stale-while-revalidate=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, ".*stale-while-revalidate=([0-9]+).*", "\1") + "s", 10s);
    }

    # Keep an expired object a while longer so the next fetch can be a conditional one (If-None-Match -> 304).
    set beresp.keep = 1h;
    return (deliver);
}

sub vcl_deliver {
    # Surrogate keys are for Varnish only.
    unset resp.http.xkey;

    # An assembled page holds this visitor's holes: no shared cache after this one may keep it, and its validator
    # names the shell, not what was assembled.
    if (resp.http.x-isr-esi) {
        unset resp.http.x-isr-esi;
        unset resp.http.ETag;
        set resp.http.Cache-Control = "private, no-cache";
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
