package browserws_test

import (
	"errors"
	"fmt"

	"github.com/gowasm/browserws"
)

func ExampleValidateClose() {
	for _, args := range []browserws.CloseArgs{
		{Code: 1000, HasCode: true, Reason: "bye", HasReason: true},
		{Code: 1001, HasCode: true},
		{Code: 4999.5, HasCode: true}, // Chromium truncates to 4999
		{Code: 4000, HasCode: true, Reason: "\xff" + string(make([]byte, 121)), HasReason: true},
	} {
		err := browserws.ValidateClose(browserws.Chromium, args)
		fmt.Println(errors.Is(err, browserws.ErrInvalidAccess), errors.Is(err, browserws.ErrSyntax), err)
	}
	// Output:
	// false false <nil>
	// true false InvalidAccessError: Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. 1001 is neither.
	// false false <nil>
	// false true SyntaxError: Failed to execute 'close' on 'WebSocket': The close reason must not be greater than 123 UTF-8 bytes.
}

func ExampleJSStringLength() {
	// One invalid byte becomes U+FFFD, three bytes, in JavaScript.
	fmt.Println(len("a\xffb"), browserws.JSStringLength("a\xffb"))
	// Output: 3 5
}
