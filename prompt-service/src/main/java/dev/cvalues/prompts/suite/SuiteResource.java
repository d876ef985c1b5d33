package dev.cvalues.prompts.suite;

import dev.cvalues.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.cvalues.prompts.api.BadRequestException;
import dev.cvalues.prompts.suite.format.ImportFiles;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/api/suites")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class SuiteResource {

    public record Format(String id, String description, List<String> companions) {
    }

    public record ImportResult(List<Map<String, Object>> suites) {
    }

    private final SuiteRepository repository;
    private final SuiteImporter importer;
    private final SuiteFormats formats;

    public SuiteResource(SuiteRepository repository, SuiteImporter importer, SuiteFormats formats) {
        this.repository = repository;
        this.importer = importer;
        this.formats = formats;
    }

    @GET
    @Operation(summary = "Every stored suite version, with item counts per category and kind")
    public List<Suite> list() {
        return repository.list();
    }

    @GET
    @Path("/formats")
    @Operation(summary = "The file formats suites can be imported from, and the extra files each needs")
    public List<Format> formats() {
        return formats.all().stream().map(f -> new Format(f.id(), f.description(), f.companions())).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One suite: the given version, or the latest imported")
    public Suite get(@PathParam("id") String id, @QueryParam("version") String version) {
        return repository.find(id, version).orElseThrow(() -> new BadRequestException(Response.Status.NOT_FOUND,
                "id", "no suite " + id + (version == null ? "" : " version " + version)));
    }

    @RolesAllowed(Roles.RUNNER)
    @POST
    @Path("/import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @Operation(summary = "Import a suite file (multipart: format, file, the format's extra files, optional version, "
            + "suite id for formats without one); "
            + "all or nothing, idempotent; 201 when a suite was created, 200 when it was already there")
    public Response importSuite(@RestForm String format, @RestForm String version, @RestForm String suite,
            @RestForm(FileUpload.ALL) List<FileUpload> uploads) {
        FileUpload main = null;
        Map<String, java.nio.file.Path> companions = new LinkedHashMap<>();
        for (FileUpload upload : uploads) {
            if ("file".equals(upload.name())) {
                main = upload;
            } else {
                companions.put(upload.name(), upload.uploadedFile());
            }
        }
        if (main == null) {
            throw new BadRequestException("file", "the suite file is required as form field 'file'");
        }
        String name = main.fileName() == null || main.fileName().isBlank() ? "file" : main.fileName();
        Map<String, ImportFiles.Named> named = new LinkedHashMap<>();
        uploads.stream().filter(u -> companions.containsKey(u.name())).forEach(u -> named.put(u.name(),
                new ImportFiles.Named(u.fileName(), () -> java.nio.file.Files.newInputStream(u.uploadedFile()))));
        FileUpload file = main;
        List<SuiteImporter.Imported> imported = importer.importFiles(format,
                new ImportFiles(name, () -> java.nio.file.Files.newInputStream(file.uploadedFile()), named), version,
                suite);
        boolean created = imported.stream().anyMatch(SuiteImporter.Imported::created);
        List<Map<String, Object>> suites = imported.stream().<Map<String, Object>>map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", i.suite().id());
            m.put("version", i.suite().version());
            m.put("itemCount", i.suite().itemCount());
            m.put("categories", i.suite().categories());
            m.put("kinds", i.suite().kinds());
            m.put("created", i.created());
            return m;
        }).toList();
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                .entity(new ImportResult(suites)).build();
    }
}
