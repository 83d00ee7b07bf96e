// Renders a Go text/template whose values come from the environment, the way the Temporal server
// image renders its config_template.yaml at start: `.Env.NAME` is the variable (empty when unset),
// and the template may use default, lower, split and trim besides text/template's own functions.
//
//	config-render <template> <output>
package main

import (
	"fmt"
	"os"
	"strings"
	"text/template"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: config-render <template> <output>")
		os.Exit(2)
	}
	source, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail(err)
	}
	env := map[string]string{}
	for _, pair := range os.Environ() {
		if name, value, ok := strings.Cut(pair, "="); ok {
			env[name] = value
		}
	}
	funcs := template.FuncMap{
		// {{ default .Env.X "fallback" }}: the value unless it is empty.
		"default": func(value string, fallback string) string {
			if value == "" {
				return fallback
			}
			return value
		},
		"lower": strings.ToLower,
		"split": strings.Split,
		"trim":  strings.TrimSpace,
	}
	tmpl, err := template.New(os.Args[1]).Funcs(funcs).Option("missingkey=zero").Parse(string(source))
	if err != nil {
		fail(err)
	}
	out, err := os.Create(os.Args[2])
	if err != nil {
		fail(err)
	}
	if err := tmpl.Execute(out, map[string]any{"Env": env}); err != nil {
		fail(err)
	}
	if err := out.Close(); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "config-render:", err)
	os.Exit(1)
}
