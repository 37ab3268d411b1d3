package dev.suture.control.snapshot;

import dev.suture.model.snapshot.ConfigSnapshot;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Shows the snapshot the fleet should be running: declared routes, the policies they use, and the healing overlay. */
@RestController
@RequestMapping("/api/v1/config")
class ConfigController {

    private final ConfigPublisher publisher;

    ConfigController(ConfigPublisher publisher) {
        this.publisher = publisher;
    }

    @GetMapping
    ConfigSnapshot current() {
        return publisher.current().orElseThrow(ConfigController::notBuiltYet);
    }

    private static ErrorResponseException notBuiltYet() {
        ErrorResponseException error = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE);
        error.getBody().setTitle("No config yet");
        error.getBody().setDetail("The first config snapshot has not been built yet; try again in a moment.");
        return error;
    }
}
