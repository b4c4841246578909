using System.Reflection;
using System.Runtime.CompilerServices;

namespace IsrMiddleware.Tests.Architecture;

/// <summary>A class that needs more than 8 collaborators is doing two jobs.</summary>
public sealed class ConstructorTests
{
    private const int MaxParameters = 8;

    [Theory]
    [InlineData("IsrMiddleware")]
    [InlineData("IsrMiddleware.Redis")]
    [InlineData("IsrMiddleware.Export")]
    public void No_class_constructor_takes_more_than_8_parameters(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);

        var offenders = assembly.GetTypes()
            .Where(type => type.IsClass && !IsRecord(type) && !IsCompilerGenerated(type))
            .SelectMany(type => type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .Where(constructor => constructor.GetParameters().Length > MaxParameters)
                .Select(constructor => $"{type.FullName} ({constructor.GetParameters().Length})"))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.True(offenders.Length == 0, "Constructors over 8 parameters: " + string.Join(", ", offenders));
    }

    [Fact]
    public void The_check_sees_constructors()
    {
        var middleware = Assembly.Load("IsrMiddleware").GetType("IsrMiddleware.Serving.StaticParamsMiddleware", throwOnError: true)!;

        Assert.Contains(middleware.GetConstructors(), constructor => constructor.GetParameters().Length > 1);
    }

    // Records are data (a JSON document's fields, a page header), not collaborators.
    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;

    private static bool IsCompilerGenerated(Type type) => type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);
}
