var builder = WebApplication.CreateBuilder(args);

// Add services to the container.
builder.Services.AddRazorPages();
builder.Services.AddStaticParams(options =>
{
    options.RevalidateSecret = builder.Configuration["Isr:RevalidateSecret"];
    if (builder.Configuration["Isr:CacheDirectory"] is { Length: > 0 } cacheDirectory)
    {
        options.CacheDirectory = cacheDirectory;
    }
}).AddStaticExport();

var app = builder.Build();

// Configure the HTTP request pipeline.
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
    app.UseHsts();
}

app.UseHttpsRedirection();

app.UseRouting();

app.UseAuthorization();

app.UseStaticParams();

app.MapStaticAssets();
app.MapRazorPages()
   .WithStaticAssets();

// Needs Isr:RevalidateSecret to serve; an export runs without it.
app.MapRevalidateEndpoint();

return await app.RunOrExportAsync(args);
