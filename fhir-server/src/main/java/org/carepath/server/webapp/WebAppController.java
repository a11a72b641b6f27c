package org.carepath.server.webapp;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the app's sign-in settings; the app itself is static files from the web-app module. */
@RestController
class WebAppController {

  private final WebAppSettings settings;

  WebAppController(WebAppSettings settings) {
    this.settings = settings;
  }

  @GetMapping(path = "/app/config.json", produces = "application/json")
  ResponseEntity<WebAppSettings> settings() {
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(settings);
  }
}
