namespace IsrMiddleware.Export;

/// <summary>The export did not start: its folder or settings cannot be used (the message says why and what to do). Nothing was written.</summary>
internal sealed class StaticExportRefusedException(string message) : InvalidOperationException(message);
