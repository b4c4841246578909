using Microsoft.Extensions.Logging;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Store;

namespace IsrMiddleware.Engine;

/// <summary>
/// Asks the registered <see cref="IOnDemandPageLedger"/> which on-demand pages to evict. When that ledger is shared
/// (not the in-process default), this process's own count is kept beside it, and decides while the shared ledger
/// cannot be reached: the caps then hold per instance, as they do without a shared store.
/// </summary>
internal sealed class OnDemandCaps
{
    private static readonly TimeSpan ErrorLogInterval = TimeSpan.FromMinutes(1);

    private readonly IOnDemandPageLedger _ledger;
    private readonly OnDemandPages _local;
    private readonly bool _shared;
    private readonly LogThrottle _errors;
    private readonly ILogger<OnDemandCaps> _logger;

    public OnDemandCaps(IOnDemandPageLedger ledger, OnDemandPages local, TimeProvider time, ILogger<OnDemandCaps> logger)
    {
        _ledger = ledger;
        _local = local;
        _shared = !ReferenceEquals(ledger, local);
        _errors = new(time, ErrorLogInterval);
        _logger = logger;
    }

    /// <summary>Counts a version just stored on demand; returns the pages to evict.</summary>
    public async ValueTask<IReadOnlyList<OnDemandPage>> RecordAsync(OnDemandPage page, CancellationToken cancellationToken)
    {
        var local = _local.Add(page);
        if (!_shared)
        {
            return local;
        }

        try
        {
            return ForgetLocally(await _ledger.RecordAsync(page, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailure(ex);
            return local;
        }
    }

    /// <summary>Counts the pages found stored at start-up, oldest first; returns the pages to evict.</summary>
    public async ValueTask<IReadOnlyList<OnDemandPage>> RestoreAsync(IReadOnlyList<OnDemandPage> pages, CancellationToken cancellationToken)
    {
        var local = await _local.RestoreAsync(pages, cancellationToken).ConfigureAwait(false);
        if (!_shared)
        {
            return local;
        }

        try
        {
            return ForgetLocally(await _ledger.RestoreAsync(pages, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailure(ex);
            return local;
        }
    }

    public void Touch(string key)
    {
        _local.Touch(key);
        if (_shared)
        {
            try
            {
                _ledger.Touch(key);
            }
            catch (Exception ex)
            {
                LogFailure(ex);
            }
        }
    }

    public async ValueTask ForgetAsync(string key, long upToVersion, CancellationToken cancellationToken)
    {
        _local.Forget(key, upToVersion);
        if (!_shared)
        {
            return;
        }

        try
        {
            await _ledger.ForgetAsync(key, upToVersion, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailure(ex);
        }
    }

    /// <summary>A page removed elsewhere leaves this process's own count (the shared ledger knows already).</summary>
    public void Removed(string key, long upToVersion)
    {
        if (_shared)
        {
            _local.Forget(key, upToVersion);
        }
    }

    private IReadOnlyList<OnDemandPage> ForgetLocally(IReadOnlyList<OnDemandPage> evicted)
    {
        foreach (var page in evicted)
        {
            _local.Forget(page.Key, page.Version);
        }

        return evicted;
    }

    private void LogFailure(Exception exception)
    {
        if (_errors.ShouldLog(out var suppressed))
        {
            StorageLog.OnDemandLedgerFailed(_logger, suppressed, exception);
        }
    }
}
