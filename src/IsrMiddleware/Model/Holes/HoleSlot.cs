namespace IsrMiddleware.Model;

/// <summary>One hole of a stored shell: the renderer's name and the fallback content the shell was rendered with.</summary>
internal sealed record HoleSlot(string Name, ReadOnlyMemory<byte> Fallback);
